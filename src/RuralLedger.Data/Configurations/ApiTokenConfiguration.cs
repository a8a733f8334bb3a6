using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RuralLedger.Core.Accounts;

namespace RuralLedger.Data.Configurations;

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> b)
    {
        b.ToTable("api_tokens");
        b.HasKey(t => t.Id);
        b.Property(t => t.Id).ValueGeneratedOnAdd();
        b.HasOne<User>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(t => t.UserId);
        b.Property(t => t.Name).IsRequired().HasMaxLength(ApiToken.NameLength);
        b.Property(t => t.SecretHash).IsRequired().HasMaxLength(32);
        b.Property(t => t.CreatedBy).IsRequired().HasMaxLength(60);
        b.Property(t => t.LastUsedIp).HasMaxLength(UserSession.IpLength);
        b.Property(t => t.RevokedBy).HasMaxLength(60);
        b.Property(t => t.RevokeReason).HasMaxLength(200);
        b.Property(t => t.Version).IsConcurrencyToken();
    }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> b)
    {
        b.ToTable("idempotency_keys");
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).ValueGeneratedOnAdd();
        b.HasOne<User>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        // The guard: one row per (account, key), so of ten requests at once with one key exactly one acts.
        b.HasIndex(r => new { r.UserId, r.ClientKey }).IsUnique();
        b.HasIndex(r => r.CreatedAt);
        b.Property(r => r.ClientKey).IsRequired().HasMaxLength(IdempotencyRecord.KeyLength);
        b.Property(r => r.RequestHash).IsRequired().HasMaxLength(32);
        b.Property(r => r.ContentType).HasMaxLength(200);
        b.Property(r => r.Location).HasMaxLength(400);
        b.Property(r => r.SealedBody).HasMaxLength(int.MaxValue);
    }
}
