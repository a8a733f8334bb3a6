using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using RuralLedger.Core.Credit;

namespace RuralLedger.Data.Configurations;

// Loan usage inspections (issue #15): the dated plan, the inspection records and their photos.

internal sealed class LoanInspectionIdConverter() : ValueConverter<LoanInspectionId, long>(v => v.Value, v => new LoanInspectionId(v));

internal sealed class InspectionPlanPolicyConfiguration : IEntityTypeConfiguration<InspectionPlanPolicy>
{
    public void Configure(EntityTypeBuilder<InspectionPlanPolicy> b)
    {
        b.ToTable("loan_inspection_plans");
        b.HasKey(p => p.Id);
        b.Property(p => p.Id).ValueGeneratedOnAdd();
        b.Property(p => p.CountyCode).IsRequired().HasMaxLength(6).IsFixedLength();
        // One version per start day: the version in force is never ambiguous.
        b.HasIndex(p => new { p.CountyCode, p.EffectiveFrom }).IsUnique();
        b.Property(p => p.DocumentNo).HasMaxLength(60);
        b.Property(p => p.RecordedBy).IsRequired().HasMaxLength(60);
    }
}

internal sealed class LoanInspectionConfiguration : IEntityTypeConfiguration<LoanInspection>
{
    public void Configure(EntityTypeBuilder<LoanInspection> b)
    {
        b.ToTable("loan_inspections");
        b.HasKey(i => i.Id);
        b.Property(i => i.Id).HasConversion<LoanInspectionIdConverter>().ValueGeneratedOnAdd();
        b.Property(i => i.LoanId).HasConversion<LoanIdConverter>();
        b.HasOne<Loan>().WithMany().HasForeignKey(i => i.LoanId).OnDelete(DeleteBehavior.Restrict);
        b.Property(i => i.CampaignId).HasConversion<InspectionCampaignIdConverter>();
        b.HasOne<Core.Supervision.InspectionCampaign>().WithMany().HasForeignKey(i => i.CampaignId).OnDelete(DeleteBehavior.Restrict);
        b.Property(i => i.CaseId).HasConversion<UsageCaseIdConverter>();
        b.HasOne<UsageCase>().WithMany().HasForeignKey(i => i.CaseId).OnDelete(DeleteBehavior.Restrict);
        b.Property(i => i.LoanNumber).IsRequired().HasMaxLength(30);
        b.Property(i => i.HouseholdNo).IsRequired().HasMaxLength(30);
        b.Property(i => i.BorrowerName).IsRequired().HasMaxLength(30);
        b.Property(i => i.CountyCode).IsRequired().HasMaxLength(6).IsFixedLength();
        b.Property(i => i.BankCode).IsRequired().HasMaxLength(30);
        // A phone's re-send of an inspection it queued offline is the same inspection, however often it arrives.
        b.HasIndex(i => i.ClientKey).IsUnique().HasFilter("client_key IS NOT NULL");
        // The due list reads each loan's latest inspection.
        b.HasIndex(i => new { i.LoanId, i.InspectedOn });
        b.HasIndex(i => i.CampaignId);
        b.HasIndex(i => i.VillageCode);
        b.HasIndex(i => new { i.CountyCode, i.BankCode });
        b.Property(i => i.Inspectors).IsRequired().HasMaxLength(60);
        b.Property(i => i.UseCategory).IsRequired().HasMaxLength(30);
        b.Property(i => i.Latitude).HasPrecision(9, 6);
        b.Property(i => i.Longitude).HasPrecision(9, 6);
        b.Property(i => i.Statement).HasMaxLength(LoanInspection.MaxText);
        b.Property(i => i.Conclusion).HasConversion<int>();
        b.Property(i => i.FollowUp).HasMaxLength(LoanInspection.MaxText);
        b.Property(i => i.RecordedBy).IsRequired().HasMaxLength(60);
    }
}

internal sealed class LoanInspectionPhotoConfiguration : IEntityTypeConfiguration<LoanInspectionPhoto>
{
    public void Configure(EntityTypeBuilder<LoanInspectionPhoto> b)
    {
        b.ToTable("loan_inspection_photos");
        b.HasKey(p => p.Id);
        b.Property(p => p.Id).ValueGeneratedOnAdd();
        b.Property(p => p.InspectionId).HasConversion<LoanInspectionIdConverter>();
        b.HasOne(p => p.Inspection).WithMany().HasForeignKey(p => p.InspectionId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(p => p.InspectionId);
        b.Property(p => p.CountyCode).IsRequired().HasMaxLength(6).IsFixedLength();
        b.Property(p => p.BankCode).IsRequired().HasMaxLength(30);
        b.Property(p => p.FileName).IsRequired().HasMaxLength(120);
        b.Property(p => p.ContentType).IsRequired().HasMaxLength(40);
        b.Property(p => p.Sha256).IsRequired().HasMaxLength(64);
        b.Property(p => p.Content).IsRequired();
    }
}
