using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RuralLedger.Core.Kernel;
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
        b.Property(h => h.TownshipCode).IsRequired();
        b.HasIndex(h => new { h.VillageCode, h.Id });
        // The income table lists a year's households in this order, a province's million of them.
        b.HasIndex(h => new { h.VillageCode, h.HouseholdNo });
        b.HasIndex(h => new { h.TownshipCode, h.Id });
        b.HasIndex(h => new { h.CountyCode, h.Status });
        b.HasIndex(h => h.HeadName);
        b.Property(h => h.HeadName).IsRequired().HasMaxLength(30);
        b.Property(h => h.Type).HasConversion<int>();
        b.Property(h => h.Status).HasConversion<int>();
        b.Property(h => h.Causes).HasConversion<int>();
        b.Property(h => h.BankName).HasMaxLength(60);
        b.Property(h => h.BankAccountCipher).HasMaxLength(80);
        b.Property(h => h.BankAccountHash).HasMaxLength(32);
        b.HasIndex(h => new { h.CountyCode, h.BankAccountHash });
        b.Property(h => h.BankAccountMasked).HasMaxLength(30);
        b.Property(h => h.PhoneCipher).HasMaxLength(60);
        b.Property(h => h.PhoneMasked).HasMaxLength(20);
        b.Property(h => h.Version).IsConcurrencyToken();
        b.OwnsMany(h => h.StatusHistory, s =>
        {
            s.ToTable("household_status_changes");
            s.WithOwner().HasForeignKey(c => c.HouseholdId);
            s.HasKey(c => c.Id);
            s.Property(c => c.Id).ValueGeneratedOnAdd();
            s.Property(c => c.FromStatus).HasConversion<int?>();
            s.Property(c => c.ToStatus).HasConversion<int>();
            s.Property(c => c.Reason).IsRequired().HasMaxLength(200);
            s.Property(c => c.RecordedBy).IsRequired().HasMaxLength(60);
            s.HasIndex(c => new { c.HouseholdId, c.EffectiveOn });
            s.Ignore(c => c.Fact);
        });
        b.Navigation(h => h.StatusHistory).HasField("_statusHistory").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.OwnsMany(h => h.Removals, r =>
        {
            r.ToTable("household_member_removals");
            r.WithOwner().HasForeignKey(c => c.HouseholdId);
            r.HasKey(c => c.Id);
            r.Property(c => c.Id).ValueGeneratedOnAdd();
            r.Property(c => c.MemberName).IsRequired().HasMaxLength(50);
            r.Property(c => c.Relation).HasConversion<int>();
            r.Property(c => c.Reason).IsRequired().HasMaxLength(Reason.MaxLength);
            r.Property(c => c.RecordedBy).IsRequired().HasMaxLength(60);
            r.HasIndex(c => c.HouseholdId);
        });
        b.Navigation(h => h.Removals).HasField("_removals").UsePropertyAccessMode(PropertyAccessMode.Field);
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
        // The province-wide look for an ID held in two counties (the anomaly rule) groups by the hash alone.
        b.HasIndex(m => m.CitizenIdHash);
        b.Property(m => m.CitizenIdMasked).IsRequired().HasMaxLength(18);
        b.HasIndex(m => m.Name);
        b.HasIndex(m => m.HouseholdId);
        b.Property(m => m.TownshipCode).IsRequired();
        b.Property(m => m.VillageCode).IsRequired();
        b.HasIndex(m => m.VillageCode);
        b.HasIndex(m => m.TownshipCode);
        b.Property(m => m.Sex).HasConversion<int>();
        b.Property(m => m.Relation).HasConversion<int>();
        b.Property(m => m.Labour).HasConversion<int>();
        b.Property(m => m.Health).HasConversion<int>();
        b.Property(m => m.Education).HasConversion<int>();
    }
}
