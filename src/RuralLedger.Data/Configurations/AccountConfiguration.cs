using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Audit;

namespace RuralLedger.Data.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> b)
    {
        b.ToTable("users");
        b.HasKey(u => u.Id);
        b.Property(u => u.Id).ValueGeneratedOnAdd();
        b.Property(u => u.UserName).IsRequired().HasMaxLength(40);
        b.HasIndex(u => u.UserName).IsUnique();
        b.Property(u => u.DisplayName).IsRequired().HasMaxLength(40);
        b.Property(u => u.Role).HasConversion<string>().HasMaxLength(20);
        b.Property(u => u.ScopeCode).IsRequired();
        b.Property(u => u.CountyCode).IsRequired().HasMaxLength(6).IsFixedLength();
        b.Property(u => u.BankName).HasMaxLength(60);
        b.Property(u => u.BankCode).HasMaxLength(30);
        b.Property(u => u.PasswordHash).IsRequired().HasMaxLength(200);
        b.Ignore(u => u.Scope);
    }
}

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> b)
    {
        b.ToTable("user_sessions");
        b.HasKey(s => s.Id);
        b.Property(s => s.Id).ValueGeneratedOnAdd();
        b.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(s => s.UserId);
        b.Property(s => s.Ip).HasMaxLength(UserSession.IpLength);
        b.Property(s => s.UserAgent).HasMaxLength(UserSession.UserAgentLength);
        b.Property(s => s.RevokedReason).HasMaxLength(20);
        b.Ignore(s => s.Revoked);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("audit_log");
        b.HasKey(a => a.Id);
        b.Property(a => a.Id).ValueGeneratedOnAdd();
        b.Property(a => a.ChainKey).IsRequired().HasMaxLength(6).IsFixedLength();
        b.HasIndex(a => new { a.ChainKey, a.Sequence }).IsUnique();
        b.Property(a => a.ActorName).IsRequired().HasMaxLength(60);
        b.Property(a => a.Action).IsRequired().HasMaxLength(30);
        b.Property(a => a.EntityType).IsRequired().HasMaxLength(40);
        b.Property(a => a.EntityId).IsRequired().HasMaxLength(40);
        b.HasIndex(a => new { a.EntityType, a.EntityId });
        b.HasIndex(a => a.ActorId);
        b.HasIndex(a => a.At);
        b.Property(a => a.Before).HasMaxLength(int.MaxValue);
        b.Property(a => a.After).HasMaxLength(int.MaxValue);
        b.Property(a => a.RequestId).IsRequired().HasMaxLength(80);
        b.Property(a => a.PreviousHash).IsRequired().HasMaxLength(64).IsFixedLength();
        b.Property(a => a.Hash).IsRequired().HasMaxLength(64).IsFixedLength();
    }
}
