using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RuralLedger.Core.Areas;

namespace RuralLedger.Data.Configurations;

internal sealed class AreaConfiguration : IEntityTypeConfiguration<Area>
{
    public void Configure(EntityTypeBuilder<Area> b)
    {
        b.ToTable("areas");
        b.HasKey(a => a.Id);
        b.Property(a => a.Id).ValueGeneratedOnAdd();
        b.Property(a => a.Code).IsRequired();
        b.HasIndex(a => a.Code).IsUnique();
        b.Property(a => a.Name).IsRequired().HasMaxLength(100);
        b.HasOne(a => a.Parent).WithMany().HasForeignKey(a => a.ParentId).OnDelete(DeleteBehavior.Restrict);
        b.Property(a => a.Level).HasConversion<int>();
        b.Property(a => a.CountyCode).IsRequired().HasMaxLength(6).IsFixedLength();
        b.HasIndex(a => new { a.CountyCode, a.Level });
        b.HasIndex(a => a.TownshipCode);
        b.HasIndex(a => a.VillageCode);
    }
}
