using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using RuralLedger.Core.Supervision;

namespace RuralLedger.Data.Configurations;

// Supervision (监管) records carry the county/township/village codes of what they concern, for the scope filter.

internal sealed class InspectionCampaignIdConverter() : ValueConverter<InspectionCampaignId, long>(v => v.Value, v => new InspectionCampaignId(v));

internal sealed class InspectionIdConverter() : ValueConverter<InspectionId, long>(v => v.Value, v => new InspectionId(v));

internal sealed class FindingIdConverter() : ValueConverter<FindingId, long>(v => v.Value, v => new FindingId(v));

internal sealed class InspectionCampaignConfiguration : IEntityTypeConfiguration<InspectionCampaign>
{
    public void Configure(EntityTypeBuilder<InspectionCampaign> b)
    {
        b.ToTable("inspection_campaigns");
        b.HasKey(c => c.Id);
        b.Property(c => c.Id).HasConversion<InspectionCampaignIdConverter>().ValueGeneratedOnAdd();
        b.Property(c => c.CountyCode).IsRequired().HasMaxLength(6).IsFixedLength();
        b.HasIndex(c => new { c.CountyCode, c.Year });
        b.Property(c => c.Name).IsRequired().HasMaxLength(InspectionCampaign.MaxName);
        b.Property(c => c.CreatedBy).IsRequired().HasMaxLength(60);
    }
}

internal sealed class InspectionConfiguration : IEntityTypeConfiguration<Inspection>
{
    public void Configure(EntityTypeBuilder<Inspection> b)
    {
        b.ToTable("inspections");
        b.HasKey(i => i.Id);
        b.Property(i => i.Id).HasConversion<InspectionIdConverter>().ValueGeneratedOnAdd();
        b.Property(i => i.CampaignId).HasConversion<InspectionCampaignIdConverter>();
        b.HasOne<InspectionCampaign>().WithMany().HasForeignKey(i => i.CampaignId).OnDelete(DeleteBehavior.Restrict);
        b.Property(i => i.CountyCode).IsRequired().HasMaxLength(6).IsFixedLength();
        b.HasIndex(i => i.TownshipCode);
        b.HasIndex(i => i.VillageCode);
        b.HasIndex(i => new { i.Target, i.TargetId });
        b.Property(i => i.Target).HasConversion<int>();
        b.Property(i => i.TargetLabel).IsRequired().HasMaxLength(200);
        b.Property(i => i.Summary).IsRequired().HasMaxLength(Inspection.MaxSummary);
        b.Property(i => i.Inspector).IsRequired().HasMaxLength(60);
        b.Property(i => i.Version).IsConcurrencyToken();
    }
}

internal sealed class FindingConfiguration : IEntityTypeConfiguration<Finding>
{
    public void Configure(EntityTypeBuilder<Finding> b)
    {
        b.ToTable("findings");
        b.HasKey(f => f.Id);
        b.Property(f => f.Id).HasConversion<FindingIdConverter>().ValueGeneratedOnAdd();
        b.Property(f => f.InspectionId).HasConversion<InspectionIdConverter>();
        b.HasOne<Inspection>().WithMany().HasForeignKey(f => f.InspectionId).OnDelete(DeleteBehavior.Restrict);
        b.Property(f => f.CountyCode).IsRequired().HasMaxLength(6).IsFixedLength();
        b.HasIndex(f => f.TownshipCode);
        b.HasIndex(f => f.VillageCode);
        // The overdue list: open findings by deadline.
        b.HasIndex(f => new { f.Status, f.Deadline });
        b.Property(f => f.Category).HasConversion<int>();
        b.Property(f => f.Status).HasConversion<int>();
        b.Property(f => f.Description).IsRequired().HasMaxLength(Finding.MaxText);
        b.Property(f => f.ResponsibleUnit).IsRequired().HasMaxLength(100);
        b.Property(f => f.ResponsiblePerson).IsRequired().HasMaxLength(30);
        b.Property(f => f.Proof).HasMaxLength(Finding.MaxText);
        b.Property(f => f.ReturnReason).HasMaxLength(Core.Kernel.Reason.MaxLength);
        b.Property(f => f.RecordedBy).IsRequired().HasMaxLength(60);
        b.Property(f => f.SubmittedBy).HasMaxLength(60);
        b.Property(f => f.CheckedBy).HasMaxLength(60);
        b.Property(f => f.Version).IsConcurrencyToken();
    }
}

internal sealed class SupervisionFileConfiguration : IEntityTypeConfiguration<SupervisionFile>
{
    public void Configure(EntityTypeBuilder<SupervisionFile> b)
    {
        b.ToTable("supervision_files");
        b.HasKey(f => f.Id);
        b.Property(f => f.Id).ValueGeneratedOnAdd();
        b.Property(f => f.FindingId).HasConversion<FindingIdConverter>();
        b.HasOne<Finding>().WithMany().HasForeignKey(f => f.FindingId).OnDelete(DeleteBehavior.Restrict);
        b.Property(f => f.CountyCode).IsRequired().HasMaxLength(6).IsFixedLength();
        b.HasIndex(f => f.TownshipCode);
        b.HasIndex(f => f.VillageCode);
        b.Property(f => f.Kind).HasConversion<int>();
        b.Property(f => f.FileName).IsRequired().HasMaxLength(120);
        b.Property(f => f.ContentType).IsRequired().HasMaxLength(40);
        b.Property(f => f.Sha256).IsRequired().HasMaxLength(64);
        b.Property(f => f.Content).IsRequired();
        b.Property(f => f.UploadedBy).IsRequired().HasMaxLength(60);
    }
}

internal sealed class AnomalyRuleConfiguration : IEntityTypeConfiguration<AnomalyRule>
{
    public void Configure(EntityTypeBuilder<AnomalyRule> b)
    {
        b.ToTable("anomaly_rules");
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).ValueGeneratedOnAdd();
        b.Property(r => r.CountyCode).IsRequired().HasMaxLength(6).IsFixedLength();
        b.Ignore(r => r.TownshipCode);
        b.Ignore(r => r.VillageCode);
        b.Property(r => r.Code).IsRequired().HasMaxLength(40);
        // The next version of a rule is max + 1; two publishers at once: one wins, the other gets a unique violation.
        b.HasIndex(r => new { r.CountyCode, r.Code, r.Version }).IsUnique();
        b.Property(r => r.Name).IsRequired().HasMaxLength(100);
        b.Property(r => r.Unit).IsRequired().HasMaxLength(10);
        b.Property(r => r.Severity).HasConversion<int>();
        b.Property(r => r.PublishedBy).IsRequired().HasMaxLength(60);
    }
}

internal sealed class AnomalyWarningConfiguration : IEntityTypeConfiguration<AnomalyWarning>
{
    public void Configure(EntityTypeBuilder<AnomalyWarning> b)
    {
        b.ToTable("anomaly_warnings");
        b.HasKey(w => w.Id);
        b.Property(w => w.Id).ValueGeneratedOnAdd();
        b.Property(w => w.CountyCode).IsRequired().HasMaxLength(6).IsFixedLength();
        b.HasIndex(w => w.TownshipCode);
        b.HasIndex(w => w.VillageCode);
        b.Property(w => w.RuleCode).IsRequired().HasMaxLength(40);
        b.Property(w => w.TargetKind).IsRequired().HasMaxLength(20);
        // A hit already open is not raised twice: the guard is this index, not a read before the insert.
        b.HasIndex(w => new { w.RuleCode, w.TargetKind, w.TargetId }, "ux_anomaly_warnings_open").IsUnique()
            .HasFilter($"status = {(int)WarningStatus.Open}");
        b.HasIndex(w => new { w.Status, w.Severity });
        b.Property(w => w.Severity).HasConversion<int>();
        b.Property(w => w.Status).HasConversion<int>();
        b.Property(w => w.TargetLabel).IsRequired().HasMaxLength(200);
        b.Property(w => w.Detail).IsRequired().HasMaxLength(300);
        b.Property(w => w.Link).IsRequired().HasMaxLength(100);
        b.Property(w => w.Note).HasMaxLength(AnomalyWarning.MaxNote);
        b.Property(w => w.FindingId).HasConversion<FindingIdConverter>();
        b.Property(w => w.ClosedBy).HasMaxLength(60);
        b.Property(w => w.Version).IsConcurrencyToken();
    }
}
