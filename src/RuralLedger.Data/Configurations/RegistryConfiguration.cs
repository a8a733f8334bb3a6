using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RuralLedger.Core.Registry;

namespace RuralLedger.Data.Configurations;

internal sealed class HouseholdConfiguration : IEntityTypeConfiguration<Household>
{
    public void Configure(EntityTypeBuilder<Household> b)
    {
        b.ToTable("households");
        b.HasKey(h => h.Id);
        b.Property(h => h.Id).ValueGeneratedOnAdd();
        b.Property(h => h.CountyCode).IsRequired().HasMaxLength(6).IsFixedLength();
        b.Property(h => h.HouseholdNo).IsRequired().HasMaxLength(30);
        b.HasIndex(h => new { h.CountyCode, h.HouseholdNo }).IsUnique();
        b.Property(h => h.VillageCode).IsRequired();
        b.HasIndex(h => h.VillageCode);
        b.Property(h => h.Type).HasConversion<int>();
        b.Property(h => h.Status).HasConversion<int>();
        b.HasMany(h => h.Members).WithOne(m => m.Household).HasForeignKey(m => m.HouseholdId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(h => h.Members).HasField("_members").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class MemberConfiguration : IEntityTypeConfiguration<Member>
{
    public void Configure(EntityTypeBuilder<Member> b)
    {
        b.ToTable("members");
        b.HasKey(m => m.Id);
        b.Property(m => m.Id).ValueGeneratedOnAdd();
        b.Property(m => m.CountyCode).IsRequired().HasMaxLength(6).IsFixedLength();
        b.Property(m => m.Name).IsRequired().HasMaxLength(50);
        b.Property(m => m.CitizenIdCipher).IsRequired().HasMaxLength(64);
        b.Property(m => m.CitizenIdHash).IsRequired().HasMaxLength(32);
        // A citizen ID appears once per county (the partition key leads, so the index distributes with the data).
        b.HasIndex(m => new { m.CountyCode, m.CitizenIdHash }).IsUnique();
        b.Property(m => m.CitizenIdMasked).IsRequired().HasMaxLength(18);
        b.HasIndex(m => m.Name);
        b.HasIndex(m => m.HouseholdId);
        b.Property(m => m.Sex).HasConversion<int>();
        b.Property(m => m.Relation).HasConversion<int>();
        b.Property(m => m.Labour).HasConversion<int>();
        b.Property(m => m.Health).HasConversion<int>();
        b.Property(m => m.Education).HasConversion<int>();
    }
}
