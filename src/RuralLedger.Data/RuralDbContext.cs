using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Audit;
using RuralLedger.Core.Certificates;
using RuralLedger.Core.Contracts;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Disposals;
using RuralLedger.Core.Distribution;
using RuralLedger.Core.Income;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Linkage;
using RuralLedger.Core.Projects;
using RuralLedger.Core.Registry;
using RuralLedger.Core.Supervision;

namespace RuralLedger.Data;

/// <summary>
/// The one model of the system. Two provider-specific subclasses exist only so that each provider keeps
/// its own migration set (see docs/decisions/0002-one-model-two-migration-sets.md).
/// </summary>
public abstract class RuralDbContext(DbContextOptions options, AccessContext access) : DbContext(options)
{
    public AccessContext Access { get; } = access;

    // Read by the query filters; EF evaluates them per query, so a context follows its caller's scope.
    private ScopeKind ScopeKind => Access.Scope.Kind;

    private string ScopeCounty => Access.Scope.CountyCode;

    private DivisionCode? ScopeCode => Access.Scope.Code;

    private DivisionCode? ScopeTownship => Access.Scope.Kind == Core.Areas.ScopeKind.Village ? Access.Scope.Code!.Value.TownshipOf() : null;

    private UserId ActorUserId => new(Access.ActorId ?? -1);

    public DbSet<User> Users => Set<User>();

    public DbSet<UserSession> UserSessions => Set<UserSession>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();


    public DbSet<Area> Areas => Set<Area>();

    public DbSet<Household> Households => Set<Household>();

    public DbSet<Member> Members => Set<Member>();

    public DbSet<FundSource> FundSources => Set<FundSource>();

    public DbSet<Project> Projects => Set<Project>();

    public DbSet<Asset> Assets => Set<Asset>();

    public DbSet<Certificate> Certificates => Set<Certificate>();

    public DbSet<Contract> Contracts => Set<Contract>();

    public DbSet<Disposal> Disposals => Set<Disposal>();

    public DbSet<AssetIncome> AssetIncomes => Set<AssetIncome>();

    public DbSet<AssetFile> AssetFiles => Set<AssetFile>();

    public DbSet<DistributionRule> DistributionRules => Set<DistributionRule>();

    public DbSet<DistributionPlan> DistributionPlans => Set<DistributionPlan>();

    public DbSet<PlanLine> PlanLines => Set<PlanLine>();

    public DbSet<PaymentBatch> PaymentBatches => Set<PaymentBatch>();

    public DbSet<JournalEntry> JournalEntries => Set<JournalEntry>();

    public DbSet<PublicWelfareJob> PublicWelfareJobs => Set<PublicWelfareJob>();

    public DbSet<WageRecord> WageRecords => Set<WageRecord>();

    public DbSet<IncomeEntry> IncomeEntries => Set<IncomeEntry>();

    public DbSet<MonitoringLine> MonitoringLines => Set<MonitoringLine>();

    public DbSet<LinkageAgreement> LinkageAgreements => Set<LinkageAgreement>();

    public DbSet<FarmOrder> FarmOrders => Set<FarmOrder>();

    public DbSet<FarmDelivery> FarmDeliveries => Set<FarmDelivery>();

    public DbSet<LandTransfer> LandTransfers => Set<LandTransfer>();

    public DbSet<TrainingSession> TrainingSessions => Set<TrainingSession>();

    public DbSet<SelectionPolicy> SelectionPolicies => Set<SelectionPolicy>();

    public DbSet<ProjectAssessment> ProjectAssessments => Set<ProjectAssessment>();

    public DbSet<ProjectHousehold> ProjectHouseholds => Set<ProjectHousehold>();

    public DbSet<ProjectEvidenceFile> ProjectEvidenceFiles => Set<ProjectEvidenceFile>();
    public DbSet<CreditPolicyVersion> CreditPolicies => Set<CreditPolicyVersion>();

    public DbSet<LprQuote> LprQuotes => Set<LprQuote>();

    public DbSet<Loan> Loans => Set<Loan>();

    public DbSet<Repayment> Repayments => Set<Repayment>();

    public DbSet<LoanPayerLink> LoanPayerLinks => Set<LoanPayerLink>();

    public DbSet<SubsidyClaim> SubsidyClaims => Set<SubsidyClaim>();

    public DbSet<InspectionCampaign> InspectionCampaigns => Set<InspectionCampaign>();

    public DbSet<Inspection> Inspections => Set<Inspection>();

    public DbSet<Finding> Findings => Set<Finding>();

    public DbSet<SupervisionFile> SupervisionFiles => Set<SupervisionFile>();

    public DbSet<AnomalyRule> AnomalyRules => Set<AnomalyRule>();

    public DbSet<AnomalyWarning> AnomalyWarnings => Set<AnomalyWarning>();

    public DbSet<UsageRule> UsageRules => Set<UsageRule>();

    public DbSet<UsageCase> UsageCases => Set<UsageCase>();

    public DbSet<EnterpriseLink> EnterpriseLinks => Set<EnterpriseLink>();

    public DbSet<RiskFundPolicy> RiskFundPolicies => Set<RiskFundPolicy>();

    public DbSet<RiskFundEntry> RiskFundEntries => Set<RiskFundEntry>();

    public DbSet<Venture> Ventures => Set<Venture>();

    public DbSet<InspectionPlanPolicy> InspectionPlanPolicies => Set<InspectionPlanPolicy>();

    public DbSet<LoanInspection> LoanInspections => Set<LoanInspection>();

    public DbSet<LoanInspectionPhoto> LoanInspectionPhotos => Set<LoanInspectionPhoto>();

    public DbSet<AccountFlow> AccountFlows => Set<AccountFlow>();

    public abstract DatabaseProvider Provider { get; }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<AreaId>().HaveConversion<AreaIdConverter>();
        configurationBuilder.Properties<HouseholdId>().HaveConversion<HouseholdIdConverter>();
        configurationBuilder.Properties<MemberId>().HaveConversion<MemberIdConverter>();
        configurationBuilder.Properties<UserId>().HaveConversion<UserIdConverter>();
        configurationBuilder.Properties<FundSourceId>().HaveConversion<FundSourceIdConverter>();
        configurationBuilder.Properties<ProjectId>().HaveConversion<ProjectIdConverter>();
        configurationBuilder.Properties<AssetId>().HaveConversion<AssetIdConverter>();
        configurationBuilder.Properties<ContractId>().HaveConversion<ContractIdConverter>();
        configurationBuilder.Properties<CertificateId>().HaveConversion<CertificateIdConverter>();
        configurationBuilder.Properties<DisposalId>().HaveConversion<DisposalIdConverter>();
        configurationBuilder.Properties<AssetIncomeId>().HaveConversion<AssetIncomeIdConverter>();
        configurationBuilder.Properties<DistributionRuleId>().HaveConversion<DistributionRuleIdConverter>();
        configurationBuilder.Properties<DistributionPlanId>().HaveConversion<DistributionPlanIdConverter>();
        configurationBuilder.Properties<PlanLineId>().HaveConversion<PlanLineIdConverter>();
        configurationBuilder.Properties<PaymentBatchId>().HaveConversion<PaymentBatchIdConverter>();
        configurationBuilder.Properties<JournalEntryId>().HaveConversion<JournalEntryIdConverter>();
        configurationBuilder.Properties<DivisionCode>().HaveConversion<DivisionCodeConverter>().HaveMaxLength(15);
        configurationBuilder.Properties<Money>().HaveConversion<MoneyConverter>();
        configurationBuilder.Properties<string>().HaveMaxLength(200);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(RuralDbContext).Assembly);

        // Scopes that differ from the convention's, declared first so the convention leaves them alone.
        // Areas: the subtree of the scope plus its ancestors (for breadcrumbs and names).
        modelBuilder.Entity<Area>().HasQueryFilter(a =>
            ScopeKind == ScopeKind.All
            || (ScopeKind != ScopeKind.None && a.CountyCode == ScopeCounty && (
                ScopeKind == ScopeKind.County
                || a.Level == AreaLevel.County
                || (ScopeKind == ScopeKind.Township && (a.Code == ScopeCode || a.TownshipCode == ScopeCode))
                || (ScopeKind == ScopeKind.Village && (a.Code == ScopeCode || a.Code == ScopeTownship || a.VillageCode == ScopeCode)))));
        // Fund sources and distribution rules are county reference data: any signed-in user of the county reads them.
        modelBuilder.Entity<FundSource>().HasQueryFilter(f =>
            ScopeKind == ScopeKind.All || (ScopeKind != ScopeKind.None && f.CountyCode == ScopeCounty));
        modelBuilder.Entity<DistributionRule>().HasQueryFilter(r =>
            ScopeKind == ScopeKind.All || (ScopeKind != ScopeKind.None && r.CountyCode == ScopeCounty));
        modelBuilder.Entity<SelectionPolicy>().HasQueryFilter(p =>
            ScopeKind == ScopeKind.All || (ScopeKind != ScopeKind.None && p.CountyCode == ScopeCounty));
        // Credit policy versions too: every officer of the county judges applications by them.
        modelBuilder.Entity<CreditPolicyVersion>().HasQueryFilter(p =>
            ScopeKind == ScopeKind.All || (ScopeKind != ScopeKind.None && p.CountyCode == ScopeCounty));
        modelBuilder.Entity<AnomalyRule>().HasQueryFilter(r =>
            ScopeKind == ScopeKind.All || (ScopeKind != ScopeKind.None && r.CountyCode == ScopeCounty));
        // Interest-subsidy claims are county-level and per bank: county users see them all, a bank officer its bank's.
        modelBuilder.Entity<SubsidyClaim>().HasQueryFilter(c =>
            (ScopeKind == ScopeKind.All || (ScopeKind == ScopeKind.County && c.CountyCode == ScopeCounty))
            && (Access.Role != Role.BankOfficer || c.BankCode == Access.BankCode));
        // Loan-usage rules are county reference data; the risk compensation fund is county-level and per bank (#15).
        modelBuilder.Entity<UsageRule>().HasQueryFilter(r =>
            ScopeKind == ScopeKind.All || (ScopeKind != ScopeKind.None && r.CountyCode == ScopeCounty));
        modelBuilder.Entity<RiskFundPolicy>().HasQueryFilter(p =>
            (ScopeKind == ScopeKind.All || (ScopeKind == ScopeKind.County && p.CountyCode == ScopeCounty))
            && (Access.Role != Role.BankOfficer || p.BankCode == Access.BankCode));
        modelBuilder.Entity<RiskFundEntry>().HasQueryFilter(e =>
            (ScopeKind == ScopeKind.All || (ScopeKind == ScopeKind.County && e.CountyCode == ScopeCounty))
            && (Access.Role != Role.BankOfficer || e.BankCode == Access.BankCode));
        // The inspection plan is county reference data: every officer who draws the due list reads it.
        modelBuilder.Entity<InspectionPlanPolicy>().HasQueryFilter(p =>
            ScopeKind == ScopeKind.All || (ScopeKind != ScopeKind.None && p.CountyCode == ScopeCounty));
        // Users: administrators see the accounts of their county; others only themselves.
        modelBuilder.Entity<User>().HasQueryFilter(u =>
            ScopeKind == ScopeKind.All
            || (ScopeKind == ScopeKind.County && u.CountyCode == ScopeCounty)
            || u.Id == ActorUserId);

        // Every other IAreaScoped / IBankScoped entity: area scope (docs/decisions/0003) and bank scope (0018) by
        // convention; county-level rows (no township/village) are seen at county scope only.
        ScopeConvention.Apply(modelBuilder, () => Access);

        // Row seals (docs/decisions/0031): a seal column on every business table, and the heads that find removed rows.
        modelBuilder.Entity<Sealing.SealHead>(b =>
        {
            b.ToTable("seal_heads");
            b.HasKey(h => new { h.TableName, h.Bucket });
            b.Property(h => h.TableName).HasMaxLength(63);
        });
        Sealing.SealLayout.Apply(modelBuilder);

        // snake_case columns on both providers: hand-written SQL (bulk writers, reports) reads the same everywhere.
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.Name));
            }
        }
    }

    internal static string SnakeCase(string name)
    {
        var sb = new System.Text.StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                sb.Append('_');
            }
            sb.Append(char.ToLowerInvariant(name[i]));
        }
        return sb.ToString();
    }
}

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public sealed class SqliteRuralDbContext(DbContextOptions<SqliteRuralDbContext> options, AccessContext access) : RuralDbContext(options, access)
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    /// <summary>SQLite can't compare or order DateTimeOffset text; instants are stored as UTC ticks (INTEGER) instead.</summary>
    public static long ToStored(DateTimeOffset instant) => instant.UtcTicks;

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);

        // AUTOINCREMENT: ids are never reused after a delete, so an audit entry can't come to point at another
        // row. Set explicitly because the convention skips keys with value converters (typed ids).
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var key in entity.FindPrimaryKey()?.Properties ?? [])
            {
                if (key.ValueGenerated == Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.OnAdd)
                {
                    key.SetValueGenerationStrategy(Microsoft.EntityFrameworkCore.Metadata.SqliteValueGenerationStrategy.Autoincrement);
                }
            }
        }
    }
}

public sealed class PostgresRuralDbContext(DbContextOptions<PostgresRuralDbContext> options, AccessContext access) : RuralDbContext(options, access)
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        // Journal keys are ASCII identifiers compared only for equality: byte order, not the database's locale, for
        // the unique index a province's posting fills with a million of them.
        modelBuilder.Entity<JournalEntry>().Property(j => j.Key).UseCollation("C");
        // A bank's repayment file rewrites every loan it names (totals, version, seal). In a full page the new row goes to
        // another page and all ten of the loan's indexes get an entry; with half of each page free it stays on its page
        // (a HOT update, no index touched): a file's 100,000 loans in 0.6 s instead of 4 s (decision 0046).
        modelBuilder.Entity<Loan>().HasStorageParameter("fillfactor", 50);
    }
}
