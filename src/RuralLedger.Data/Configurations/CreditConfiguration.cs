using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Data.Configurations;

// Microcredit (小额信贷): loans lead with county_code and carry township/village codes and the bank code for the
// two scope filters; instalments and steps are owned by their loan, repayments and claims stand alone because
// imports, claims and the supervision module read them across loans.

internal sealed class LoanIdConverter() : ValueConverter<LoanId, long>(v => v.Value, v => new LoanId(v));

internal sealed class CreditPolicyIdConverter() : ValueConverter<CreditPolicyId, long>(v => v.Value, v => new CreditPolicyId(v));

internal sealed class RepaymentIdConverter() : ValueConverter<RepaymentId, long>(v => v.Value, v => new RepaymentId(v));

internal sealed class SubsidyClaimIdConverter() : ValueConverter<SubsidyClaimId, long>(v => v.Value, v => new SubsidyClaimId(v));

/// <summary>Rates as basis points (3.45% → 345), exact.</summary>
internal sealed class RateConverter() : ValueConverter<Rate, int>(v => v.BasisPoints, v => Rate.FromBasisPoints(v));

internal sealed class CreditPolicyConfiguration : IEntityTypeConfiguration<CreditPolicyVersion>
{
    public void Configure(EntityTypeBuilder<CreditPolicyVersion> b)
    {
        b.ToTable("credit_policies");
        b.HasKey(p => p.Id);
        b.Property(p => p.Id).HasConversion<CreditPolicyIdConverter>().ValueGeneratedOnAdd();
        b.Property(p => p.CountyCode).IsRequired().HasMaxLength(6).IsFixedLength();
        // One version per county and start date: the version in force on a date is never ambiguous.
        b.HasIndex(p => new { p.CountyCode, p.EffectiveFrom }).IsUnique();
        b.Property(p => p.Programme).IsRequired().HasMaxLength(60);
        b.Property(p => p.DocumentNo).HasMaxLength(100);
        b.Property(p => p.SubsidyShare).HasConversion<RateConverter>();
        b.Property(p => p.AgingBuckets).IsRequired().HasMaxLength(60);
        b.Property(p => p.AllowedUses).IsRequired().HasMaxLength(CreditPolicyVersion.MaxTextLength);
        b.Property(p => p.ProhibitedUses).IsRequired().HasMaxLength(CreditPolicyVersion.MaxTextLength);
        b.Property(p => p.EligibleStatuses).IsRequired().HasMaxLength(200);
        b.Property(p => p.RecordedBy).IsRequired().HasMaxLength(60);
        b.Property(p => p.Version).IsConcurrencyToken();
        b.Ignore(p => p.AllowedUseList);
        b.Ignore(p => p.ProhibitedUseList);
        b.Ignore(p => p.Buckets);
        b.Ignore(p => p.EligibleStatusList);
        b.Ignore(p => p.Terms);
    }
}

internal sealed class LprQuoteConfiguration : IEntityTypeConfiguration<LprQuote>
{
    public void Configure(EntityTypeBuilder<LprQuote> b)
    {
        b.ToTable("lpr_quotes");
        b.HasKey(q => q.Id);
        b.Property(q => q.Id).ValueGeneratedOnAdd();
        b.HasIndex(q => q.EffectiveOn).IsUnique();
        b.Property(q => q.OneYear).HasConversion<RateConverter>();
        b.Property(q => q.FiveYear).HasConversion<RateConverter>();
    }
}

internal sealed class LoanConfiguration : IEntityTypeConfiguration<Loan>
{
    public void Configure(EntityTypeBuilder<Loan> b)
    {
        b.ToTable("loans");
        b.HasKey(l => l.Id);
        b.Property(l => l.Id).HasConversion<LoanIdConverter>().ValueGeneratedOnAdd();
        b.Property(l => l.Number).IsRequired().HasMaxLength(30);
        b.HasIndex(l => l.Number).IsUnique();
        b.Property(l => l.CountyCode).IsRequired().HasMaxLength(6).IsFixedLength();
        b.HasIndex(l => new { l.CountyCode, l.Status });
        b.HasIndex(l => new { l.VillageCode, l.Status });
        b.HasIndex(l => new { l.TownshipCode, l.Status });
        b.HasIndex(l => new { l.BankCode, l.Status });
        b.HasIndex(l => l.HouseholdId);
        b.Property(l => l.HouseholdNo).IsRequired().HasMaxLength(30);
        b.Property(l => l.BorrowerName).IsRequired().HasMaxLength(30);
        b.Property(l => l.BankCode).IsRequired().HasMaxLength(30);
        b.Property(l => l.BankName).IsRequired().HasMaxLength(60);
        b.Property(l => l.PolicyId).HasConversion<CreditPolicyIdConverter>();
        b.HasOne<CreditPolicyVersion>().WithMany().HasForeignKey(l => l.PolicyId).OnDelete(DeleteBehavior.Restrict);
        b.Property(l => l.Programme).IsRequired().HasMaxLength(60);
        b.Property(l => l.Method).HasConversion<int>();
        b.Property(l => l.Purpose).IsRequired().HasMaxLength(30);
        b.Property(l => l.PurposeDetail).HasMaxLength(Loan.MaxPurposeDetail);
        b.Property(l => l.RenewalOfId).HasConversion<LoanIdConverter>();
        // A bank's sheet of existing loans imported again adds nothing: one loan per bank contract (null for loans filed here).
        b.Property(l => l.BankContractNumber).HasMaxLength(40);
        b.HasIndex(l => new { l.BankCode, l.BankContractNumber }).IsUnique();
        b.Property(l => l.Status).HasConversion<int>();
        b.Property(l => l.AnnualRate).HasConversion<RateConverter>();
        b.Property(l => l.LprCeiling).HasConversion<RateConverter>();
        b.Property(l => l.AccountCipher).HasMaxLength(80);
        b.Property(l => l.AccountHash).HasMaxLength(32);
        // An account-flow row naming only an account (the loan's, or its counterparty's) finds the loan by this keyed hash.
        b.HasIndex(l => new { l.CountyCode, l.AccountHash });
        // 户贷企用 rule 4 reads only the loans with a declared use detail, most have none: not a scan of the wide loan rows.
        b.HasIndex(l => new { l.CountyCode, l.PurposeDetail });
        b.Property(l => l.AccountMasked).HasMaxLength(40);
        b.Property(l => l.Version).IsConcurrencyToken();
        b.Ignore(l => l.PrincipalOutstanding);
        b.Ignore(l => l.Schedule);
        b.OwnsMany(l => l.Steps, o =>
        {
            o.ToTable("loan_steps");
            o.WithOwner().HasForeignKey(x => x.LoanId);
            o.Property(x => x.LoanId).HasConversion<LoanIdConverter>();
            o.HasKey(x => x.Id);
            o.Property(x => x.Id).ValueGeneratedOnAdd();
            o.Property(x => x.Kind).HasConversion<int>();
            o.Property(x => x.Role).HasConversion<string>().HasMaxLength(20);
            o.Property(x => x.Decision).HasConversion<int>();
            o.Property(x => x.By).IsRequired().HasMaxLength(60);
            o.Property(x => x.Opinion).HasMaxLength(600);
            o.HasIndex(x => new { x.LoanId, x.Seq }).IsUnique();
        });
        b.Navigation(l => l.Steps).HasField("_steps").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.OwnsMany(l => l.Instalments, o =>
        {
            o.ToTable("loan_instalments");
            o.WithOwner().HasForeignKey(x => x.LoanId);
            o.Property(x => x.LoanId).HasConversion<LoanIdConverter>();
            o.HasKey(x => x.Id);
            o.Property(x => x.Id).ValueGeneratedOnAdd();
            o.HasIndex(x => new { x.LoanId, x.Seq }).IsUnique();
            // The overdue list and aging read unpaid instalments by due date: only those, so a book of millions of paid
            // and future lines is not scanned for the few past due.
            o.HasIndex(x => x.DueOn).HasFilter("settled_on IS NULL");
            o.Ignore(x => x.InterestOutstanding);
            o.Ignore(x => x.PrincipalOutstanding);
            o.Ignore(x => x.Outstanding);
        });
        b.Navigation(l => l.Instalments).HasField("_instalments").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class RepaymentConfiguration : IEntityTypeConfiguration<Repayment>
{
    public void Configure(EntityTypeBuilder<Repayment> b)
    {
        b.ToTable("loan_repayments");
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).HasConversion<RepaymentIdConverter>().ValueGeneratedOnAdd();
        b.Property(r => r.LoanId).HasConversion<LoanIdConverter>();
        b.HasOne<Loan>().WithMany().HasForeignKey(r => r.LoanId).OnDelete(DeleteBehavior.Restrict);
        // The same booking (loan, day, principal, interest) is one repayment: a file imported twice adds nothing.
        b.HasIndex(r => new { r.LoanId, r.PaidOn, r.Principal, r.Interest }).IsUnique();
        b.Property(r => r.LoanNumber).IsRequired().HasMaxLength(30);
        b.Property(r => r.CountyCode).IsRequired().HasMaxLength(6).IsFixedLength();
        b.Property(r => r.BankCode).IsRequired().HasMaxLength(30);
        // A claim sums its bank's repayments of a quarter below its watermark (0039) from this index alone.
        b.HasIndex(r => new { r.CountyCode, r.BankCode, r.PaidOn, r.LoanId, r.InterestOnTime, r.InterestLate }).HasDatabaseName("IX_loan_repayments_claim_sums");
        b.HasIndex(r => r.VillageCode);
        b.Property(r => r.PayerName).IsRequired().HasMaxLength(60);
        b.Property(r => r.PayerAccountCipher).IsRequired().HasMaxLength(80);
        b.Property(r => r.PayerAccountHash).IsRequired().HasMaxLength(32);
        b.Property(r => r.PayerAccountMasked).IsRequired().HasMaxLength(40);
        b.Property(r => r.Source).HasConversion<int>();
        // Claims built before decision 0039 marked each row they counted; the columns stay, unwritten since, because
        // those rows' seals cover them (a dropped column can't be re-sealed, 0031). Claims find their rows by watermark.
        b.Property<long?>("ClaimId");
        b.Property<long>("Subsidy");
        b.Property(r => r.RecordedBy).IsRequired().HasMaxLength(60);
    }
}

internal sealed class LoanPayerLinkConfiguration : IEntityTypeConfiguration<LoanPayerLink>
{
    public void Configure(EntityTypeBuilder<LoanPayerLink> b)
    {
        b.ToTable("loan_payer_links");
        // The key is the link itself: a repayment file looks up its loans' links by it, and a link is written once.
        b.HasKey(l => new { l.LoanId, l.PayerAccountHash, l.PayerName });
        b.Property(l => l.LoanId).HasConversion<LoanIdConverter>();
        b.HasOne<Loan>().WithMany().HasForeignKey(l => l.LoanId).OnDelete(DeleteBehavior.Restrict);
        b.Property(l => l.CountyCode).IsRequired().HasMaxLength(6).IsFixedLength();
        b.Property(l => l.BankCode).IsRequired().HasMaxLength(30);
        b.Property(l => l.PayerName).IsRequired().HasMaxLength(60);
        b.Property(l => l.PayerAccountHash).IsRequired().HasMaxLength(32);
        b.Property(l => l.PayerAccountMasked).IsRequired().HasMaxLength(40);
        // 户贷企用 rules 1 and 1b read the distinct (payer, bank, loan) of a county from these alone, never the table.
        b.HasIndex(l => new { l.CountyCode, l.PayerAccountHash, l.BankCode, l.LoanId });
        b.HasIndex(l => new { l.CountyCode, l.PayerName, l.BankCode, l.LoanId });
    }
}

internal sealed class SubsidyClaimConfiguration : IEntityTypeConfiguration<SubsidyClaim>
{
    public void Configure(EntityTypeBuilder<SubsidyClaim> b)
    {
        b.ToTable("loan_subsidy_claims");
        b.HasKey(c => c.Id);
        b.Property(c => c.Id).HasConversion<SubsidyClaimIdConverter>().ValueGeneratedOnAdd();
        b.Property(c => c.CountyCode).IsRequired().HasMaxLength(6).IsFixedLength();
        b.Property(c => c.BankCode).IsRequired().HasMaxLength(30);
        b.Property(c => c.BankName).IsRequired().HasMaxLength(60);
        // One claim per bank and quarter: building it twice, or ten times at once, has one effect.
        b.HasIndex(c => new { c.CountyCode, c.BankCode, c.Year, c.Quarter }).IsUnique();
        b.Property(c => c.PolicyId).HasConversion<CreditPolicyIdConverter>();
        b.Property(c => c.Share).HasConversion<RateConverter>();
        b.Property(c => c.Status).HasConversion<int>();
        b.Property(c => c.BuiltBy).IsRequired().HasMaxLength(60);
        b.Property(c => c.ApprovedBy).HasMaxLength(60);
        b.Property(c => c.PaidBy).HasMaxLength(60);
        b.Property(c => c.PaidVoucher).HasMaxLength(SubsidyClaim.VoucherMaxLength);
        b.Property(c => c.Version).IsConcurrencyToken();
    }
}
