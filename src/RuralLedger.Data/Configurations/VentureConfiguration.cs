using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using RuralLedger.Core.Credit;

namespace RuralLedger.Data.Configurations;

// 创业平台 (issue #15): a household's project with its loans, support, yearly figures and the poor people it employs.

internal sealed class VentureIdConverter() : ValueConverter<VentureId, long>(v => v.Value, v => new VentureId(v));

internal sealed class VentureConfiguration : IEntityTypeConfiguration<Venture>
{
    public void Configure(EntityTypeBuilder<Venture> b)
    {
        b.ToTable("ventures");
        b.HasKey(v => v.Id);
        b.Property(v => v.Id).HasConversion<VentureIdConverter>().ValueGeneratedOnAdd();
        b.Property(v => v.CountyCode).IsRequired().HasMaxLength(6).IsFixedLength();
        b.HasIndex(v => new { v.CountyCode, v.TownshipCode });
        b.HasIndex(v => v.VillageCode);
        b.HasIndex(v => v.HouseholdId);
        b.Property(v => v.HouseholdNo).IsRequired().HasMaxLength(30);
        b.Property(v => v.OwnerName).IsRequired().HasMaxLength(30);
        b.Property(v => v.Name).IsRequired().HasMaxLength(Venture.MaxName);
        // A household registers one project under one name: a double click (or two officers) records it once.
        b.HasIndex(v => new { v.HouseholdId, v.Name }).IsUnique();
        b.Property(v => v.Category).HasConversion<int>();
        b.Property(v => v.Description).HasMaxLength(Venture.MaxDescription);
        b.Property(v => v.RecordedBy).IsRequired().HasMaxLength(60);
        b.Property(v => v.Version).IsConcurrencyToken();
        b.OwnsMany(v => v.Loans, o =>
        {
            o.ToTable("venture_loans");
            o.WithOwner().HasForeignKey(x => x.VentureId);
            o.Property(x => x.VentureId).HasConversion<VentureIdConverter>();
            o.HasKey(x => x.Id);
            o.Property(x => x.Id).ValueGeneratedOnAdd();
            o.Property(x => x.LoanId).HasConversion<LoanIdConverter>();
            o.HasIndex(x => new { x.VentureId, x.LoanId }).IsUnique();
            o.HasIndex(x => x.LoanId);
            o.Property(x => x.LoanNumber).IsRequired().HasMaxLength(30);
        });
        b.OwnsMany(v => v.Supports, o =>
        {
            o.ToTable("venture_supports");
            o.WithOwner().HasForeignKey(x => x.VentureId);
            o.Property(x => x.VentureId).HasConversion<VentureIdConverter>();
            o.HasKey(x => x.Id);
            o.Property(x => x.Id).ValueGeneratedOnAdd();
            o.Property(x => x.Kind).HasConversion<int>();
            o.Property(x => x.Provider).IsRequired().HasMaxLength(VentureSupport.MaxText);
            o.Property(x => x.Note).HasMaxLength(VentureSupport.MaxText);
            o.Property(x => x.RecordedBy).IsRequired().HasMaxLength(60);
        });
        b.OwnsMany(v => v.Years, o =>
        {
            o.ToTable("venture_years");
            o.WithOwner().HasForeignKey(x => x.VentureId);
            o.Property(x => x.VentureId).HasConversion<VentureIdConverter>();
            o.HasKey(x => x.Id);
            o.Property(x => x.Id).ValueGeneratedOnAdd();
            o.HasIndex(x => new { x.VentureId, x.Year }).IsUnique();
        });
        b.OwnsMany(v => v.Workers, o =>
        {
            o.ToTable("venture_workers");
            o.WithOwner().HasForeignKey(x => x.VentureId);
            o.Property(x => x.VentureId).HasConversion<VentureIdConverter>();
            o.HasKey(x => x.Id);
            o.Property(x => x.Id).ValueGeneratedOnAdd();
            // A person counts once per project and year.
            o.HasIndex(x => new { x.VentureId, x.Year, x.MemberId }).IsUnique();
            o.HasIndex(x => x.HouseholdId);
            o.Property(x => x.HouseholdNo).IsRequired().HasMaxLength(30);
            o.Property(x => x.MemberName).IsRequired().HasMaxLength(30);
            o.Property(x => x.Status).HasConversion<int>();
        });
        b.Navigation(v => v.Loans).HasField("_loans").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Navigation(v => v.Supports).HasField("_supports").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Navigation(v => v.Years).HasField("_years").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Navigation(v => v.Workers).HasField("_workers").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
