using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RuralLedger.Core.Credit;

namespace RuralLedger.Data.Configurations;

// A bank's account-flow sheet (流水) for loan accounts, read by 户贷企用 rule 5 (issue #15).

internal sealed class AccountFlowConfiguration : IEntityTypeConfiguration<AccountFlow>
{
    public void Configure(EntityTypeBuilder<AccountFlow> b)
    {
        b.ToTable("loan_account_flows");
        b.HasKey(f => f.Id);
        b.Property(f => f.Id).ValueGeneratedOnAdd();
        b.Property(f => f.LoanId).HasConversion<LoanIdConverter>();
        b.HasOne<Loan>().WithMany().HasForeignKey(f => f.LoanId).OnDelete(DeleteBehavior.Restrict);
        b.Property(f => f.LoanNumber).IsRequired().HasMaxLength(30);
        b.Property(f => f.CountyCode).IsRequired().HasMaxLength(6).IsFixedLength();
        b.Property(f => f.BankCode).IsRequired().HasMaxLength(30);
        b.Property(f => f.Direction).HasConversion<int>();
        b.Property(f => f.CounterpartyName).IsRequired().HasMaxLength(AccountFlow.MaxName);
        b.Property(f => f.CounterpartyAccountCipher).IsRequired().HasMaxLength(80);
        b.Property(f => f.CounterpartyAccountHash).IsRequired().HasMaxLength(32);
        b.Property(f => f.CounterpartyAccountMasked).IsRequired().HasMaxLength(40);
        b.Property(f => f.CounterpartyHouseholdId).HasConversion<HouseholdIdConverter>();
        b.HasOne<Core.Registry.Household>().WithMany().HasForeignKey(f => f.CounterpartyHouseholdId).OnDelete(DeleteBehavior.Restrict);
        // A sheet imported twice (or by two officers at once) records each line once.
        b.Property(f => f.Key).IsRequired().HasMaxLength(80);
        b.HasIndex(f => new { f.LoanId, f.Key }).IsUnique();
        // Rule 5 reads a county's payments out.
        b.HasIndex(f => new { f.CountyCode, f.Direction, f.On });
        b.HasIndex(f => f.VillageCode);
        b.Property(f => f.RecordedBy).IsRequired().HasMaxLength(60);
    }
}
