using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using RuralLedger.Core.Credit;

namespace RuralLedger.Data.Configurations;

// Loan usage supervision (issue #15): 户贷企用 rules and cases, entered enterprise links, the risk compensation fund.

internal sealed class UsageCaseIdConverter() : ValueConverter<UsageCaseId, long>(v => v.Value, v => new UsageCaseId(v));

internal sealed class UsageRuleConfiguration : IEntityTypeConfiguration<UsageRule>
{
    public void Configure(EntityTypeBuilder<UsageRule> b)
    {
        b.ToTable("loan_usage_rules");
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).ValueGeneratedOnAdd();
        b.Property(r => r.CountyCode).IsRequired().HasMaxLength(6).IsFixedLength();
        b.Property(r => r.Kind).HasConversion<int>();
        // One version of a rule per start day: the version in force is never ambiguous, and two first runs seed once.
        b.HasIndex(r => new { r.CountyCode, r.Kind, r.EffectiveFrom }).IsUnique();
        b.Property(r => r.Keywords).IsRequired().HasMaxLength(UsageRule.MaxKeywords);
        b.Property(r => r.Share).HasConversion<RateConverter>();
        b.Property(r => r.RecordedBy).IsRequired().HasMaxLength(60);
        b.Ignore(r => r.KeywordList);
    }
}

internal sealed class UsageCaseConfiguration : IEntityTypeConfiguration<UsageCase>
{
    public void Configure(EntityTypeBuilder<UsageCase> b)
    {
        b.ToTable("loan_usage_cases");
        b.HasKey(c => c.Id);
        b.Property(c => c.Id).HasConversion<UsageCaseIdConverter>().ValueGeneratedOnAdd();
        b.Property(c => c.CountyCode).IsRequired().HasMaxLength(6).IsFixedLength();
        b.Property(c => c.BankCode).IsRequired().HasMaxLength(30);
        b.Property(c => c.RuleKind).HasConversion<int>();
        b.Property(c => c.SubjectKey).IsRequired().HasMaxLength(100);
        b.Property(c => c.Subject).IsRequired().HasMaxLength(100);
        b.Property(c => c.LiveKey).HasMaxLength(100);
        // A pattern is raised once while its case is open or confirmed, however often (or concurrently) detection runs.
        b.HasIndex(c => new { c.CountyCode, c.BankCode, c.RuleKind, c.LiveKey }, "ux_loan_usage_cases_live").IsUnique().HasFilter("live_key IS NOT NULL");
        b.HasIndex(c => new { c.CountyCode, c.Status, c.RuleKind });
        b.HasIndex(c => c.TownshipCode);
        b.HasIndex(c => c.VillageCode);
        b.Property(c => c.Status).HasConversion<int>();
        b.Property(c => c.RaisedBy).IsRequired().HasMaxLength(60);
        b.Property(c => c.Officer).HasMaxLength(30);
        b.Property(c => c.DecidedBy).HasMaxLength(60);
        b.Property(c => c.Finding).HasMaxLength(500);
        b.Property(c => c.RectifiedAs).HasConversion<int>();
        b.Property(c => c.RectifiedBy).HasMaxLength(60);
        b.Property(c => c.RectificationNote).HasMaxLength(500);
        b.Property(c => c.Version).IsConcurrencyToken();
        b.OwnsMany(c => c.Loans, o =>
        {
            o.ToTable("loan_usage_case_loans");
            o.WithOwner().HasForeignKey(x => x.CaseId);
            o.Property(x => x.CaseId).HasConversion<UsageCaseIdConverter>();
            o.HasKey(x => x.Id);
            o.Property(x => x.Id).ValueGeneratedOnAdd();
            o.Property(x => x.LoanId).HasConversion<LoanIdConverter>();
            o.HasIndex(x => new { x.CaseId, x.LoanId }).IsUnique();
            o.HasIndex(x => x.LoanId);
            o.Property(x => x.LoanNumber).IsRequired().HasMaxLength(30);
            o.Property(x => x.HouseholdNo).IsRequired().HasMaxLength(30);
            o.Property(x => x.BorrowerName).IsRequired().HasMaxLength(30);
            o.Property(x => x.Evidence).IsRequired().HasMaxLength(200);
        });
        b.Navigation(c => c.Loans).HasField("_loans").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class EnterpriseLinkConfiguration : IEntityTypeConfiguration<EnterpriseLink>
{
    public void Configure(EntityTypeBuilder<EnterpriseLink> b)
    {
        b.ToTable("loan_enterprise_links");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedOnAdd();
        b.Property(x => x.LoanId).HasConversion<LoanIdConverter>();
        b.HasOne<Loan>().WithMany().HasForeignKey(x => x.LoanId).OnDelete(DeleteBehavior.Restrict);
        b.Property(x => x.LoanNumber).IsRequired().HasMaxLength(30);
        b.Property(x => x.CountyCode).IsRequired().HasMaxLength(6).IsFixedLength();
        b.Property(x => x.BankCode).IsRequired().HasMaxLength(30);
        b.Property(x => x.Kind).HasConversion<int>();
        b.Property(x => x.Enterprise).IsRequired().HasMaxLength(60);
        // The same statement about a loan and an enterprise is one record.
        b.HasIndex(x => new { x.LoanId, x.Kind, x.Enterprise }).IsUnique();
        // Rule 2 groups by enterprise within a bank.
        b.HasIndex(x => new { x.CountyCode, x.BankCode, x.Enterprise });
        b.HasIndex(x => x.VillageCode);
        b.Property(x => x.RecordedBy).IsRequired().HasMaxLength(60);
    }
}

internal sealed class RiskFundPolicyConfiguration : IEntityTypeConfiguration<RiskFundPolicy>
{
    public void Configure(EntityTypeBuilder<RiskFundPolicy> b)
    {
        b.ToTable("risk_fund_policies");
        b.HasKey(p => p.Id);
        b.Property(p => p.Id).ValueGeneratedOnAdd();
        b.Property(p => p.CountyCode).IsRequired().HasMaxLength(6).IsFixedLength();
        b.Property(p => p.BankCode).IsRequired().HasMaxLength(30);
        b.HasIndex(p => new { p.CountyCode, p.BankCode, p.EffectiveFrom }).IsUnique();
        b.Property(p => p.Mode).HasConversion<int>();
        b.Property(p => p.FundShare).HasConversion<RateConverter>();
        b.Property(p => p.RecordedBy).IsRequired().HasMaxLength(60);
    }
}

internal sealed class RiskFundEntryConfiguration : IEntityTypeConfiguration<RiskFundEntry>
{
    public void Configure(EntityTypeBuilder<RiskFundEntry> b)
    {
        b.ToTable("risk_fund_entries");
        b.HasKey(e => e.Id);
        b.Property(e => e.Id).ValueGeneratedOnAdd();
        b.Property(e => e.CountyCode).IsRequired().HasMaxLength(6).IsFixedLength();
        b.Property(e => e.BankCode).IsRequired().HasMaxLength(30);
        b.Property(e => e.Kind).HasConversion<int>();
        // A contribution's document, a loan's write-off, a recovery's booking: each recorded once.
        b.Property(e => e.Key).IsRequired().HasMaxLength(80);
        b.HasIndex(e => new { e.CountyCode, e.BankCode, e.Key }).IsUnique();
        b.HasIndex(e => new { e.CountyCode, e.BankCode, e.On });
        b.Property(e => e.LoanId).HasConversion<LoanIdConverter>();
        b.HasIndex(e => e.LoanId);
        b.Property(e => e.LoanNumber).HasMaxLength(30);
        b.Property(e => e.Note).IsRequired().HasMaxLength(200);
        b.Property(e => e.RecordedBy).IsRequired().HasMaxLength(60);
        b.Ignore(e => e.FundEffect);
    }
}
