using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Certificates;
using RuralLedger.Core.Contracts;
using RuralLedger.Core.Disposals;
using RuralLedger.Core.Income;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Projects;

namespace RuralLedger.Data.Configurations;

// Every asset-side table leads with county_code (the partition key a distributed PostgreSQL would use) and
// carries township/village codes for the scope filter. Child rows that only make sense with their parent are
// owned collections, so they can't be queried around the parent's scope filter.

internal sealed class FundSourceConfiguration : IEntityTypeConfiguration<FundSource>
{
    public void Configure(EntityTypeBuilder<FundSource> b)
    {
        b.ToTable("fund_sources");
        b.HasKey(f => f.Id);
        b.Property(f => f.Id).ValueGeneratedOnAdd();
        b.Property(f => f.CountyCode).IsRequired().HasMaxLength(6).IsFixedLength();
        b.Ignore(f => f.TownshipCode);
        b.Ignore(f => f.VillageCode);
        b.Property(f => f.Kind).HasConversion<int>();
        b.Property(f => f.Name).IsRequired().HasMaxLength(100);
        b.Property(f => f.DocumentNo).HasMaxLength(100);
        b.HasIndex(f => new { f.CountyCode, f.Year, f.Name }).IsUnique();
    }
}

internal sealed class ProjectConfiguration : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> b)
    {
        b.ToTable("projects");
        b.HasKey(p => p.Id);
        b.Property(p => p.Id).ValueGeneratedOnAdd();
        b.Property(p => p.CountyCode).IsRequired().HasMaxLength(6).IsFixedLength();
        b.Property(p => p.Code).IsRequired().HasMaxLength(30);
        b.HasIndex(p => new { p.CountyCode, p.Code }).IsUnique();
        b.HasIndex(p => new { p.CountyCode, p.Year });
        b.HasIndex(p => p.TownshipCode);
        b.HasIndex(p => p.VillageCode);
        b.Property(p => p.Name).IsRequired().HasMaxLength(100);
        b.Property(p => p.Description).HasMaxLength(1000);
        b.Property(p => p.ApprovalDocument).HasMaxLength(100);
        b.Property(p => p.CancelReason).HasMaxLength(Reason.MaxLength);
        b.Property(p => p.Industry).HasConversion<int>();
        b.Property(p => p.Status).HasConversion<int>();
        b.Property(p => p.Version).IsConcurrencyToken();
        b.Ignore(p => p.BudgetTotal);
        b.Ignore(p => p.Place);
        b.OwnsMany(p => p.Budget, o =>
        {
            o.ToTable("project_budgets");
            o.WithOwner().HasForeignKey("ProjectId");
            o.HasKey(x => x.Id);
            o.Property(x => x.Id).ValueGeneratedOnAdd();
            o.HasIndex(x => x.FundSourceId);
        });
        b.Navigation(p => p.Budget).HasField("_budget").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.OwnsMany(p => p.Villages, o =>
        {
            o.ToTable("project_villages");
            o.WithOwner().HasForeignKey("ProjectId");
            o.HasKey(x => x.Id);
            o.Property(x => x.Id).ValueGeneratedOnAdd();
            o.Property(x => x.VillageCode).IsRequired();
            o.HasIndex(x => x.VillageCode);
        });
        b.Navigation(p => p.Villages).HasField("_villages").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class AssetConfiguration : IEntityTypeConfiguration<Asset>
{
    public void Configure(EntityTypeBuilder<Asset> b)
    {
        b.ToTable("assets");
        b.HasKey(a => a.Id);
        b.Property(a => a.Id).ValueGeneratedOnAdd();
        b.Property(a => a.CountyCode).IsRequired().HasMaxLength(6).IsFixedLength();
        b.Property(a => a.Code).IsRequired().HasMaxLength(30);
        b.HasIndex(a => new { a.CountyCode, a.Code }).IsUnique();
        b.HasIndex(a => new { a.TownshipCode, a.Id });
        b.HasIndex(a => new { a.VillageCode, a.Id });
        b.HasIndex(a => a.ProjectId);
        b.Property(a => a.Name).IsRequired().HasMaxLength(100);
        b.HasIndex(a => a.Name);
        b.Property(a => a.Unit).IsRequired().HasMaxLength(10);
        b.Property(a => a.Quantity).HasPrecision(14, 2);
        b.Property(a => a.Class).HasConversion<int>();
        b.Property(a => a.Kind).HasConversion<int>();
        b.Property(a => a.Industry).HasConversion<int>();
        b.Property(a => a.Status).HasConversion<int>();
        b.Property(a => a.SupervisionUnit).HasMaxLength(100);
        b.Property(a => a.SupervisionPerson).HasMaxLength(30);
        b.Property(a => a.Beneficiaries).HasMaxLength(200);
        b.Property(a => a.IncomeRule).IsRequired().HasMaxLength(30);
        b.Property(a => a.Version).IsConcurrencyToken();
        b.Ignore(a => a.Place);
        b.Ignore(a => a.OwnersText);
        b.OwnsMany(a => a.Funding, o =>
        {
            o.ToTable("asset_fundings");
            o.WithOwner().HasForeignKey("AssetId");
            o.HasKey(x => x.Id);
            o.Property(x => x.Id).ValueGeneratedOnAdd();
            o.HasIndex(x => x.FundSourceId);
        });
        b.Navigation(a => a.Funding).HasField("_funding").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.OwnsMany(a => a.Shares, o =>
        {
            o.ToTable("asset_shares");
            o.WithOwner().HasForeignKey("AssetId");
            o.HasKey(x => x.Id);
            o.Property(x => x.Id).ValueGeneratedOnAdd();
            o.Property(x => x.HolderKind).HasConversion<int>();
            o.Property(x => x.HolderName).IsRequired().HasMaxLength(100);
            o.Property(x => x.HolderCode).HasMaxLength(30);
            o.Ignore(x => x.Percent);
            o.HasIndex(x => x.HouseholdId);
        });
        b.Navigation(a => a.Shares).HasField("_shares").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.OwnsMany(a => a.StatusHistory, o =>
        {
            o.ToTable("asset_status_changes");
            o.WithOwner().HasForeignKey("AssetId");
            o.HasKey(x => x.Id);
            o.Property(x => x.Id).ValueGeneratedOnAdd();
            o.Property(x => x.FromStatus).HasConversion<int?>();
            o.Property(x => x.ToStatus).HasConversion<int>();
            o.Property(x => x.Reason).IsRequired().HasMaxLength(200);
            o.Property(x => x.RecordedBy).IsRequired().HasMaxLength(60);
        });
        b.Navigation(a => a.StatusHistory).HasField("_statusHistory").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.OwnsMany(a => a.OwnershipHistory, o =>
        {
            o.ToTable("asset_ownership_changes");
            o.WithOwner().HasForeignKey("AssetId");
            o.HasKey(x => x.Id);
            o.Property(x => x.Id).ValueGeneratedOnAdd();
            o.Property(x => x.Before).IsRequired().HasMaxLength(1000);
            o.Property(x => x.After).IsRequired().HasMaxLength(1000);
            o.Property(x => x.Reason).IsRequired().HasMaxLength(200);
            o.Property(x => x.RecordedBy).IsRequired().HasMaxLength(60);
        });
        b.Navigation(a => a.OwnershipHistory).HasField("_ownershipHistory").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class CertificateConfiguration : IEntityTypeConfiguration<Certificate>
{
    public void Configure(EntityTypeBuilder<Certificate> b)
    {
        b.ToTable("certificates");
        b.HasKey(c => c.Id);
        b.Property(c => c.Id).ValueGeneratedOnAdd();
        b.Property(c => c.CountyCode).IsRequired().HasMaxLength(6).IsFixedLength();
        b.Property(c => c.Number).IsRequired().HasMaxLength(30);
        b.HasIndex(c => new { c.CountyCode, c.Year, c.Sequence }).IsUnique();
        b.HasIndex(c => c.Number).IsUnique();
        b.Property(c => c.VerificationCode).IsRequired().HasMaxLength(40);
        b.HasIndex(c => c.VerificationCode).IsUnique();
        b.HasIndex(c => c.AssetId);
        // One valid certificate per asset, held by the database: two issues at once can't both succeed.
        b.HasIndex(c => c.AssetId, "ux_certificates_valid_per_asset").IsUnique().HasFilter($"status = {(int)CertificateStatus.Valid}");
        b.HasIndex(c => c.VillageCode);
        b.HasIndex(c => c.TownshipCode);
        b.Property(c => c.AssetCode).IsRequired().HasMaxLength(30);
        b.Property(c => c.AssetName).IsRequired().HasMaxLength(100);
        b.Property(c => c.AssetClass).HasConversion<int>();
        b.Property(c => c.AssetKind).HasConversion<int>();
        b.Property(c => c.Location).IsRequired().HasMaxLength(100);
        b.Property(c => c.Quantity).HasPrecision(14, 2);
        b.Property(c => c.Unit).HasMaxLength(10);
        b.Property(c => c.HoldersText).IsRequired().HasMaxLength(2000);
        b.Property(c => c.IssuedBy).IsRequired().HasMaxLength(60);
        // A certificate has no version; revoking or superseding it updates only the row still in the status that was read.
        b.Property(c => c.Status).HasConversion<int>().IsConcurrencyToken();
        b.Property(c => c.ReissueReason).HasMaxLength(200);
        b.Property(c => c.ReplacedByNumber).HasMaxLength(30);
        b.Property(c => c.RevokeReason).HasMaxLength(300);
        b.Ignore(c => c.Holders);
    }
}

internal sealed class ContractConfiguration : IEntityTypeConfiguration<Contract>
{
    public void Configure(EntityTypeBuilder<Contract> b)
    {
        b.ToTable("contracts");
        b.HasKey(c => c.Id);
        b.Property(c => c.Id).ValueGeneratedOnAdd();
        b.Property(c => c.CountyCode).IsRequired().HasMaxLength(6).IsFixedLength();
        b.Property(c => c.Number).IsRequired().HasMaxLength(30);
        b.HasIndex(c => new { c.CountyCode, c.Number }).IsUnique();
        b.HasIndex(c => c.TownshipCode);
        b.HasIndex(c => c.VillageCode);
        b.HasIndex(c => new { c.CountyCode, c.EndOn });
        b.Property(c => c.OperatorKind).HasConversion<int>();
        b.Property(c => c.OperatorName).IsRequired().HasMaxLength(100);
        b.Property(c => c.OperatorCreditCode).HasMaxLength(18).IsFixedLength();
        b.Property(c => c.OperatorContact).HasMaxLength(50);
        b.Property(c => c.Mode).HasConversion<int>();
        b.Property(c => c.Consideration).HasConversion<int>();
        b.Property(c => c.Frequency).HasConversion<int>();
        b.Property(c => c.Status).HasConversion<int>();
        b.Property(c => c.TerminationReason).HasMaxLength(200);
        b.Property(c => c.BreachDescription).HasMaxLength(500);
        b.Property(c => c.Version).IsConcurrencyToken();
        b.Ignore(c => c.Receivable);
        b.Ignore(c => c.Received);
        b.Ignore(c => c.Outstanding);
        b.OwnsMany(c => c.Assets, o =>
        {
            o.ToTable("contract_assets");
            o.WithOwner().HasForeignKey("ContractId");
            o.HasKey(x => x.Id);
            o.Property(x => x.Id).ValueGeneratedOnAdd();
            o.HasIndex(x => x.AssetId);
        });
        b.Navigation(c => c.Assets).HasField("_assets").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.OwnsMany(c => c.Bids, o =>
        {
            o.ToTable("contract_bids");
            o.WithOwner().HasForeignKey("ContractId");
            o.HasKey(x => x.Id);
            o.Property(x => x.Id).ValueGeneratedOnAdd();
            o.Property(x => x.BidderName).IsRequired().HasMaxLength(100);
            o.Property(x => x.CreditCode).HasMaxLength(18);
        });
        b.Navigation(c => c.Bids).HasField("_bids").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.OwnsMany(c => c.Receivables, o =>
        {
            o.ToTable("contract_receivables");
            o.WithOwner().HasForeignKey("ContractId");
            o.HasKey(x => x.Id);
            o.Property(x => x.Id).ValueGeneratedOnAdd();
            o.Property(x => x.Period).IsRequired().HasMaxLength(40);
            o.Ignore(x => x.Outstanding);
            o.HasIndex(x => x.DueOn);
        });
        b.Navigation(c => c.Receivables).HasField("_receivables").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.OwnsMany(c => c.Receipts, o =>
        {
            o.ToTable("contract_receipts");
            o.WithOwner().HasForeignKey("ContractId");
            o.HasKey(x => x.Id);
            o.Property(x => x.Id).ValueGeneratedOnAdd();
            o.Property(x => x.Reference).HasMaxLength(60);
            o.Property(x => x.RecordedBy).IsRequired().HasMaxLength(60);
        });
        b.Navigation(c => c.Receipts).HasField("_receipts").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.OwnsMany(c => c.Employment, o =>
        {
            o.ToTable("contract_employment");
            o.WithOwner().HasForeignKey("ContractId");
            o.HasKey(x => x.Id);
            o.Property(x => x.Id).ValueGeneratedOnAdd();
        });
        b.Navigation(c => c.Employment).HasField("_employment").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class DisposalConfiguration : IEntityTypeConfiguration<Disposal>
{
    public void Configure(EntityTypeBuilder<Disposal> b)
    {
        b.ToTable("disposals");
        b.HasKey(d => d.Id);
        b.Property(d => d.Id).ValueGeneratedOnAdd();
        b.Property(d => d.CountyCode).IsRequired().HasMaxLength(6).IsFixedLength();
        b.HasIndex(d => d.AssetId);
        // One open disposal per asset: the database refuses a second proposal, however close the two requests come.
        b.HasIndex(d => d.AssetId, "ux_disposals_open_per_asset").IsUnique()
            .HasFilter($"status NOT IN ({(int)DisposalStatus.Completed}, {(int)DisposalStatus.Rejected})");
        b.HasIndex(d => d.TownshipCode);
        b.HasIndex(d => d.VillageCode);
        b.Property(d => d.Case).HasConversion<int>();
        b.Property(d => d.Method).HasConversion<int>();
        b.Property(d => d.Status).HasConversion<int>();
        b.Property(d => d.Reason).IsRequired().HasMaxLength(500);
        b.Property(d => d.ProposedBy).IsRequired().HasMaxLength(60);
        b.Property(d => d.ResolutionNote).HasMaxLength(1000);
        b.Property(d => d.TownshipApprover).HasMaxLength(60);
        b.Property(d => d.TownshipOpinion).HasMaxLength(500);
        b.Property(d => d.CountyApprover).HasMaxLength(60);
        b.Property(d => d.CountyOpinion).HasMaxLength(500);
        b.Property(d => d.Buyer).HasMaxLength(100);
        b.Property(d => d.RejectedReason).HasMaxLength(500);
        b.Property(d => d.Version).IsConcurrencyToken();
        // The governance values are read from the columns above: the audit trail and bulk SQL keep seeing plain columns.
        b.Ignore(d => d.Resolution);
        b.Ignore(d => d.TownshipApproval);
        b.Ignore(d => d.CountyApproval);
    }
}

internal sealed class AssetIncomeConfiguration : IEntityTypeConfiguration<AssetIncome>
{
    public void Configure(EntityTypeBuilder<AssetIncome> b)
    {
        b.ToTable("asset_incomes");
        b.HasKey(i => i.Id);
        b.Property(i => i.Id).ValueGeneratedOnAdd();
        b.Property(i => i.CountyCode).IsRequired().HasMaxLength(6).IsFixedLength();
        b.HasIndex(i => new { i.AssetId, i.ReceivedOn });
        b.HasIndex(i => new { i.CountyCode, i.Year });
        b.HasIndex(i => i.VillageCode);
        b.HasIndex(i => i.TownshipCode);
        b.HasIndex(i => i.ContractId);
        b.Property(i => i.Kind).HasConversion<int>();
        b.Property(i => i.Note).HasMaxLength(200);
        b.Property(i => i.Owner).IsRequired().HasMaxLength(1000);
        b.Property(i => i.RecordedBy).IsRequired().HasMaxLength(60);
    }
}

internal sealed class AssetFileConfiguration : IEntityTypeConfiguration<AssetFile>
{
    public void Configure(EntityTypeBuilder<AssetFile> b)
    {
        b.ToTable("asset_files");
        b.HasKey(f => f.Id);
        b.Property(f => f.Id).ValueGeneratedOnAdd();
        b.Property(f => f.CountyCode).IsRequired().HasMaxLength(6).IsFixedLength();
        b.HasIndex(f => f.AssetId);
        b.HasIndex(f => f.VillageCode);
        b.HasIndex(f => f.TownshipCode);
        b.Property(f => f.FileName).IsRequired().HasMaxLength(120);
        b.Property(f => f.ContentType).IsRequired().HasMaxLength(40);
        b.Property(f => f.Caption).HasMaxLength(100);
        b.Property(f => f.Sha256).IsRequired().HasMaxLength(64);
        b.Property(f => f.Content).IsRequired().HasMaxLength(AssetFile.MaxBytes);
        b.Property(f => f.UploadedBy).IsRequired().HasMaxLength(60);
        b.Ignore(f => f.IsImage);
    }
}
