using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Projects;

namespace RuralLedger.Data.Configurations;

// Project selection (八要素 assessment): records lead with county_code and carry the project's township/village codes
// for the scope filter, like the project itself.

internal sealed class SelectionPolicyIdConverter() : ValueConverter<SelectionPolicyId, long>(v => v.Value, v => new SelectionPolicyId(v));

internal sealed class ProjectAssessmentIdConverter() : ValueConverter<ProjectAssessmentId, long>(v => v.Value, v => new ProjectAssessmentId(v));

/// <summary>A short list of enum or int values kept as "1,4,8" in one column.</summary>
internal static class IntList
{
    public static PropertyBuilder<T[]> AsIntList<T>(this PropertyBuilder<T[]> property, Func<T, int> toInt, Func<int, T> fromInt, int maxLength) =>
        property.HasConversion(
                v => string.Join(",", v.Select(toInt)),
                v => v.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => fromInt(int.Parse(s, System.Globalization.CultureInfo.InvariantCulture))).ToArray(),
                new ValueComparer<T[]>((a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, x) => HashCode.Combine(h, x)), v => v.ToArray()))
            .HasMaxLength(maxLength);
}

internal sealed class SelectionPolicyConfiguration : IEntityTypeConfiguration<SelectionPolicy>
{
    public void Configure(EntityTypeBuilder<SelectionPolicy> b)
    {
        b.ToTable("selection_policies");
        b.HasKey(p => p.Id);
        b.Property(p => p.Id).HasConversion<SelectionPolicyIdConverter>().ValueGeneratedOnAdd();
        b.Property(p => p.CountyCode).IsRequired().HasMaxLength(6).IsFixedLength();
        b.Ignore(p => p.TownshipCode);
        b.Ignore(p => p.VillageCode);
        // One version number per county: two officers publishing a version at once can't both get it.
        b.HasIndex(p => new { p.CountyCode, p.Version }).IsUnique();
        b.Property(p => p.Weights).AsIntList(w => w, w => w, 40);
        b.Property(p => p.ExemptIndustries).AsIntList(i => (int)i, i => (Industry)i, 60);
        b.Property(p => p.CreatedBy).IsRequired().HasMaxLength(60);
    }
}

internal sealed class ProjectAssessmentConfiguration : IEntityTypeConfiguration<ProjectAssessment>
{
    public void Configure(EntityTypeBuilder<ProjectAssessment> b)
    {
        b.ToTable("project_assessments");
        b.HasKey(a => a.Id);
        b.Property(a => a.Id).HasConversion<ProjectAssessmentIdConverter>().ValueGeneratedOnAdd();
        b.Property(a => a.PolicyId).HasConversion<SelectionPolicyIdConverter>();
        b.Property(a => a.CountyCode).IsRequired().HasMaxLength(6).IsFixedLength();
        b.HasIndex(a => a.ProjectId);
        b.HasIndex(a => a.TownshipCode);
        b.HasIndex(a => a.VillageCode);
        b.Property(a => a.WeakElements).AsIntList(e => (int)e, e => (SelectionElement)e, 40);
        b.Property(a => a.Conclusion).HasMaxLength(AssessmentScore.MaxEvidence);
        b.Property(a => a.AssessedBy).IsRequired().HasMaxLength(60);
        b.Ignore(a => a.TotalText);
        b.Ignore(a => a.WeakText);
        b.OwnsMany(a => a.Scores, o =>
        {
            o.ToTable("project_assessment_scores");
            o.WithOwner().HasForeignKey("AssessmentId");
            o.HasKey(x => x.Id);
            o.Property(x => x.Id).ValueGeneratedOnAdd();
            o.Property(x => x.Element).HasConversion<int>();
            o.Property(x => x.Evidence).IsRequired().HasMaxLength(AssessmentScore.MaxEvidence);
        });
        b.Navigation(a => a.Scores).HasField("_scores").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class ProjectHouseholdConfiguration : IEntityTypeConfiguration<ProjectHousehold>
{
    public void Configure(EntityTypeBuilder<ProjectHousehold> b)
    {
        b.ToTable("project_households");
        b.HasKey(h => h.Id);
        b.Property(h => h.Id).ValueGeneratedOnAdd();
        b.Property(h => h.CountyCode).IsRequired().HasMaxLength(6).IsFixedLength();
        // A household is linked to a project once; a repeated link is refused by the database, not by a read first.
        b.HasIndex(h => new { h.ProjectId, h.HouseholdId }).IsUnique();
        b.HasIndex(h => h.HouseholdId);
        b.HasIndex(h => h.TownshipCode);
        b.HasIndex(h => h.VillageCode);
        b.Property(h => h.HouseholdNo).IsRequired().HasMaxLength(30);
        b.Property(h => h.HeadName).IsRequired().HasMaxLength(30);
        b.Property(h => h.HouseholdVillageCode).IsRequired();
        b.Property(h => h.Benefit).HasConversion<int>();
        b.Property(h => h.LinkedBy).IsRequired().HasMaxLength(60);
    }
}

internal sealed class ProjectEvidenceFileConfiguration : IEntityTypeConfiguration<ProjectEvidenceFile>
{
    public void Configure(EntityTypeBuilder<ProjectEvidenceFile> b)
    {
        b.ToTable("project_evidence_files");
        b.HasKey(f => f.Id);
        b.Property(f => f.Id).ValueGeneratedOnAdd();
        b.Property(f => f.CountyCode).IsRequired().HasMaxLength(6).IsFixedLength();
        b.HasIndex(f => f.ProjectId);
        b.HasIndex(f => f.TownshipCode);
        b.HasIndex(f => f.VillageCode);
        b.Property(f => f.Element).HasConversion<int>();
        b.Property(f => f.FileName).IsRequired().HasMaxLength(120);
        b.Property(f => f.ContentType).IsRequired().HasMaxLength(40);
        b.Property(f => f.Caption).HasMaxLength(100);
        b.Property(f => f.Sha256).IsRequired().HasMaxLength(64);
        b.Property(f => f.Content).IsRequired().HasMaxLength(AssetFile.MaxBytes);
        b.Property(f => f.UploadedBy).IsRequired().HasMaxLength(60);
    }
}
