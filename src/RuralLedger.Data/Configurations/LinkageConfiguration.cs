using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using RuralLedger.Core.Linkage;

namespace RuralLedger.Data.Configurations;

// Benefit-linkage (利益联结) records lead with county_code and carry township/village codes for the scope filter,
// like the asset side.

internal sealed class PublicWelfareJobIdConverter() : ValueConverter<PublicWelfareJobId, long>(v => v.Value, v => new PublicWelfareJobId(v));

internal sealed class PublicWelfareJobConfiguration : IEntityTypeConfiguration<PublicWelfareJob>
{
    public void Configure(EntityTypeBuilder<PublicWelfareJob> b)
    {
        b.ToTable("public_welfare_jobs");
        b.HasKey(j => j.Id);
        b.Property(j => j.Id).HasConversion<PublicWelfareJobIdConverter>().ValueGeneratedOnAdd();
        b.Property(j => j.CountyCode).IsRequired().HasMaxLength(6).IsFixedLength();
        // Plans read a village's (or, by village-code range, a county's) jobs; a household file reads its own.
        b.HasIndex(j => j.VillageCode);
        b.HasIndex(j => j.HouseholdId);
        b.Property(j => j.HouseholdNo).IsRequired().HasMaxLength(30);
        b.Property(j => j.MemberName).IsRequired().HasMaxLength(30);
        b.Property(j => j.Post).HasConversion<int>();
        b.Property(j => j.PostName).HasMaxLength(PublicWelfareJob.MaxTextLength);
        b.Property(j => j.RecordedBy).IsRequired().HasMaxLength(60);
        b.Property(j => j.EndedBy).HasMaxLength(60);
        b.Property(j => j.Version).IsConcurrencyToken();
        b.Ignore(j => j.Ended);
    }
}

internal sealed class WageRecordIdConverter() : ValueConverter<WageRecordId, long>(v => v.Value, v => new WageRecordId(v));

internal sealed class WageRecordConfiguration : IEntityTypeConfiguration<WageRecord>
{
    public void Configure(EntityTypeBuilder<WageRecord> b)
    {
        b.ToTable("wage_records");
        b.HasKey(w => w.Id);
        b.Property(w => w.Id).HasConversion<WageRecordIdConverter>().ValueGeneratedOnAdd();
        b.Property(w => w.CountyCode).IsRequired().HasMaxLength(6).IsFixedLength();
        // One month's pay per member and employer: a payroll sheet imported twice (or by two officers at once) records it once.
        b.HasIndex(w => new { w.CountyCode, w.WorkerHash, w.EmployerCode, w.Year, w.Month }).IsUnique();
        b.Property(w => w.WorkerHash).IsRequired().HasMaxLength(32);
        b.Property(w => w.WorkerName).IsRequired().HasMaxLength(30);
        // Income by category sums a year's wages by household, read from this index alone (wage included) in household
        // order; the wage view by employer and year.
        b.HasIndex(w => new { w.Year, w.HouseholdId, w.Wage });
        b.HasIndex(w => new { w.EmployerCode, w.Year });
        b.HasIndex(w => w.VillageCode);
        b.Property(w => w.HouseholdNo).HasMaxLength(30);
        b.Property(w => w.EmployerCode).IsRequired().HasMaxLength(18).IsFixedLength();
        b.Property(w => w.EmployerName).IsRequired().HasMaxLength(WageRecord.MaxNameLength);
        b.Property(w => w.RecordedBy).IsRequired().HasMaxLength(60);
    }
}

internal sealed class IncomeEntryIdConverter() : ValueConverter<IncomeEntryId, long>(v => v.Value, v => new IncomeEntryId(v));

internal sealed class IncomeEntryConfiguration : IEntityTypeConfiguration<IncomeEntry>
{
    public void Configure(EntityTypeBuilder<IncomeEntry> b)
    {
        b.ToTable("income_entries");
        b.HasKey(e => e.Id);
        b.Property(e => e.Id).HasConversion<IncomeEntryIdConverter>().ValueGeneratedOnAdd();
        b.Property(e => e.CountyCode).IsRequired().HasMaxLength(6).IsFixedLength();
        b.HasIndex(e => new { e.HouseholdId, e.Year, e.Category }).IsUnique();
        b.HasIndex(e => new { e.Year, e.VillageCode });
        // Income by category pivots a year's entries by household from this index alone.
        b.HasIndex(e => new { e.Year, e.HouseholdId, e.Category, e.Amount });
        b.Property(e => e.HouseholdNo).IsRequired().HasMaxLength(30);
        b.Property(e => e.Category).HasConversion<int>();
        b.Property(e => e.Note).HasMaxLength(IncomeEntry.MaxNoteLength);
        b.Property(e => e.RecordedBy).IsRequired().HasMaxLength(60);
        b.Property(e => e.Version).IsConcurrencyToken();
    }
}

internal sealed class MonitoringLineConfiguration : IEntityTypeConfiguration<MonitoringLine>
{
    public void Configure(EntityTypeBuilder<MonitoringLine> b)
    {
        b.ToTable("monitoring_lines");
        b.HasKey(l => l.Id);
        b.Property(l => l.Id).ValueGeneratedOnAdd();
        b.Property(l => l.ProvinceCode).IsRequired().HasMaxLength(2).IsFixedLength();
        b.HasIndex(l => new { l.ProvinceCode, l.Year }).IsUnique();
        b.Property(l => l.SetBy).IsRequired().HasMaxLength(60);
    }
}

internal sealed class LinkageAgreementIdConverter() : ValueConverter<LinkageAgreementId, long>(v => v.Value, v => new LinkageAgreementId(v));

internal sealed class LinkageAgreementConfiguration : IEntityTypeConfiguration<LinkageAgreement>
{
    public void Configure(EntityTypeBuilder<LinkageAgreement> b)
    {
        b.ToTable("linkage_agreements");
        b.HasKey(a => a.Id);
        b.Property(a => a.Id).HasConversion<LinkageAgreementIdConverter>().ValueGeneratedOnAdd();
        b.Property(a => a.CountyCode).IsRequired().HasMaxLength(6).IsFixedLength();
        b.HasIndex(a => a.Number).IsUnique();
        b.HasIndex(a => a.PartnerCode);
        b.HasIndex(a => a.VillageCode);
        // The partner's 协议号 is the natural key of an imported agreement: a sheet imported twice records it once.
        b.HasIndex(a => new { a.CountyCode, a.PartnerCode, a.PartnerNumber }).IsUnique();
        b.Property(a => a.PartnerNumber).HasMaxLength(LinkageAgreement.MaxPartnerNumberLength);
        b.Property(a => a.Number).IsRequired().HasMaxLength(30);
        b.Property(a => a.PartnerName).IsRequired().HasMaxLength(LinkageAgreement.MaxTextLength);
        b.Property(a => a.PartnerCode).IsRequired().HasMaxLength(18).IsFixedLength();
        b.Property(a => a.Type).HasConversion<int>();
        b.Property(a => a.Status).HasConversion<int>();
        b.Property(a => a.Projects).HasMaxLength(LinkageAgreement.MaxTextLength);
        b.Property(a => a.LastReason).HasMaxLength(Core.Kernel.Reason.MaxLength);
        b.Property(a => a.RecordedBy).IsRequired().HasMaxLength(60);
        b.Property(a => a.Version).IsConcurrencyToken();
        // An accepted project leaves one draft: accepting is one transaction, and the key keeps it one under any race.
        b.HasIndex(a => a.ProjectId).IsUnique();
        b.ComplexProperty(a => a.Benefits, c =>
        {
            c.Property(x => x.MonthlyWage).HasColumnName("monthly_wage");
            c.Property(x => x.GuaranteedPricePerKg).HasColumnName("guaranteed_price_per_kg");
            c.Property(x => x.RentPerMu).HasColumnName("rent_per_mu");
            c.Property(x => x.Dividend).HasColumnName("dividend");
        });
        b.OwnsMany(a => a.Households, o =>
        {
            o.ToTable("agreement_households");
            o.WithOwner().HasForeignKey("AgreementId");
            o.HasKey(x => x.Id);
            o.Property(x => x.Id).ValueGeneratedOnAdd();
            o.Property(x => x.HouseholdNo).IsRequired().HasMaxLength(30);
            o.Property(x => x.HeadName).IsRequired().HasMaxLength(30);
            // The 一股了之 check and the household file look agreements up by household.
            o.HasIndex(x => x.HouseholdId);
        });
        b.Navigation(a => a.Households).HasField("_households").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class HundredthsConverter() : ValueConverter<Hundredths, long>(v => v.Value, v => new Hundredths(v));

internal sealed class FarmOrderIdConverter() : ValueConverter<FarmOrderId, long>(v => v.Value, v => new FarmOrderId(v));

internal sealed class FarmOrderConfiguration : IEntityTypeConfiguration<FarmOrder>
{
    public void Configure(EntityTypeBuilder<FarmOrder> b)
    {
        b.ToTable("farm_orders");
        b.HasKey(o => o.Id);
        b.Property(o => o.Id).HasConversion<FarmOrderIdConverter>().ValueGeneratedOnAdd();
        b.Property(o => o.CountyCode).IsRequired().HasMaxLength(6).IsFixedLength();
        b.HasIndex(o => new { o.CountyCode, o.Year });
        b.HasIndex(o => o.AgreementId);
        b.Property(o => o.AgreementId).HasConversion<LinkageAgreementIdConverter>();
        b.Property(o => o.AgreementNumber).HasMaxLength(30);
        b.Property(o => o.BuyerName).IsRequired().HasMaxLength(FarmOrder.MaxTextLength);
        b.Property(o => o.BuyerCode).IsRequired().HasMaxLength(18).IsFixedLength();
        b.Property(o => o.Product).IsRequired().HasMaxLength(FarmOrder.MaxTextLength);
        b.Property(o => o.Season).IsRequired().HasMaxLength(FarmOrder.MaxTextLength);
        b.Property(o => o.QuantityKg).HasConversion<HundredthsConverter>();
        b.Property(o => o.Pricing).HasConversion<int>();
        b.Property(o => o.RecordedBy).IsRequired().HasMaxLength(60);
        b.Property(o => o.Version).IsConcurrencyToken();
    }
}

internal sealed class FarmDeliveryIdConverter() : ValueConverter<FarmDeliveryId, long>(v => v.Value, v => new FarmDeliveryId(v));

internal sealed class FarmDeliveryConfiguration : IEntityTypeConfiguration<FarmDelivery>
{
    public void Configure(EntityTypeBuilder<FarmDelivery> b)
    {
        b.ToTable("farm_deliveries");
        b.HasKey(d => d.Id);
        b.Property(d => d.Id).HasConversion<FarmDeliveryIdConverter>().ValueGeneratedOnAdd();
        b.Property(d => d.OrderId).HasConversion<FarmOrderIdConverter>();
        b.HasOne<FarmOrder>().WithMany().HasForeignKey(d => d.OrderId).OnDelete(DeleteBehavior.Restrict);
        b.Property(d => d.CountyCode).IsRequired().HasMaxLength(6).IsFixedLength();
        // One delivery per order, household and day: a delivery sheet imported twice (or by two officers at once) records it once.
        b.HasIndex(d => new { d.OrderId, d.HouseholdId, d.DeliveredOn }).IsUnique();
        // Income by category sums a year's deliveries by household, from this index alone (amount included).
        b.HasIndex(d => new { d.Year, d.HouseholdId, d.Amount });
        b.HasIndex(d => d.VillageCode);
        b.Property(d => d.HouseholdNo).IsRequired().HasMaxLength(30);
        b.Property(d => d.HeadName).IsRequired().HasMaxLength(30);
        b.Property(d => d.WeightKg).HasConversion<HundredthsConverter>();
        b.Property(d => d.RecordedBy).IsRequired().HasMaxLength(60);
    }
}

internal sealed class LandTransferIdConverter() : ValueConverter<LandTransferId, long>(v => v.Value, v => new LandTransferId(v));

internal sealed class LandTransferConfiguration : IEntityTypeConfiguration<LandTransfer>
{
    public void Configure(EntityTypeBuilder<LandTransfer> b)
    {
        b.ToTable("land_transfers");
        b.HasKey(t => t.Id);
        b.Property(t => t.Id).HasConversion<LandTransferIdConverter>().ValueGeneratedOnAdd();
        b.Property(t => t.CountyCode).IsRequired().HasMaxLength(6).IsFixedLength();
        b.HasIndex(t => t.HouseholdId);
        b.HasIndex(t => t.VillageCode);
        b.Property(t => t.AgreementId).HasConversion<LinkageAgreementIdConverter>();
        b.Property(t => t.HouseholdNo).IsRequired().HasMaxLength(30);
        b.Property(t => t.HeadName).IsRequired().HasMaxLength(30);
        b.Property(t => t.TenantName).IsRequired().HasMaxLength(LandTransfer.MaxTextLength);
        b.Property(t => t.TenantCode).HasMaxLength(18).IsFixedLength();
        b.Property(t => t.Location).IsRequired().HasMaxLength(LandTransfer.MaxTextLength);
        b.Property(t => t.AreaMu).HasConversion<HundredthsConverter>();
        b.Property(t => t.EndReason).HasMaxLength(Core.Kernel.Reason.MaxLength);
        // A household's plot let from a day is one transfer: a land sheet imported twice records it once.
        b.HasIndex(t => new { t.HouseholdId, t.Location, t.StartOn }).IsUnique();
        b.Property(t => t.RecordedBy).IsRequired().HasMaxLength(60);
        b.Property(t => t.Version).IsConcurrencyToken();
        b.OwnsMany(t => t.Payments, o =>
        {
            o.ToTable("land_rent_payments");
            o.WithOwner().HasForeignKey("TransferId");
            o.HasKey(x => x.Id);
            o.Property(x => x.Id).ValueGeneratedOnAdd();
            o.Property(x => x.Note).HasMaxLength(LandTransfer.MaxTextLength);
            o.Property(x => x.RecordedBy).IsRequired().HasMaxLength(60);
            o.HasIndex(x => x.Year);
        });
        b.Navigation(t => t.Payments).HasField("_payments").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class TrainingSessionIdConverter() : ValueConverter<TrainingSessionId, long>(v => v.Value, v => new TrainingSessionId(v));

internal sealed class TrainingSessionConfiguration : IEntityTypeConfiguration<TrainingSession>
{
    public void Configure(EntityTypeBuilder<TrainingSession> b)
    {
        b.ToTable("training_sessions");
        b.HasKey(t => t.Id);
        b.Property(t => t.Id).HasConversion<TrainingSessionIdConverter>().ValueGeneratedOnAdd();
        b.Property(t => t.CountyCode).IsRequired().HasMaxLength(6).IsFixedLength();
        b.HasIndex(t => new { t.CountyCode, t.Year });
        b.Property(t => t.Topic).HasConversion<int>();
        b.Property(t => t.Subject).HasMaxLength(TrainingSession.MaxTextLength);
        b.Property(t => t.Place).IsRequired().HasMaxLength(TrainingSession.MaxTextLength);
        b.Property(t => t.Trainer).IsRequired().HasMaxLength(TrainingSession.MaxTextLength);
        b.Property(t => t.Hours).HasConversion<HundredthsConverter>();
        b.Property(t => t.RecordedBy).IsRequired().HasMaxLength(60);
        b.Property(t => t.Version).IsConcurrencyToken();
        b.OwnsMany(t => t.Attendees, o =>
        {
            o.ToTable("training_attendees");
            o.WithOwner().HasForeignKey("SessionId");
            o.HasKey(x => x.Id);
            o.Property(x => x.Id).ValueGeneratedOnAdd();
            o.Property(x => x.MemberName).IsRequired().HasMaxLength(30);
            o.Property(x => x.HouseholdNo).IsRequired().HasMaxLength(30);
            o.Property(x => x.CertificateNo).HasMaxLength(40);
            o.HasIndex("SessionId", nameof(TrainingAttendee.MemberId)).IsUnique();
            // The 一股了之 check looks attendance up by household.
            o.HasIndex(x => x.HouseholdId);
        });
        b.Navigation(t => t.Attendees).HasField("_attendees").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
