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
