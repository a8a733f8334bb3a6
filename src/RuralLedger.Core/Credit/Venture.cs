using System.Globalization;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;

namespace RuralLedger.Core.Credit;

public readonly record struct VentureId(long Value)
{
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>创业项目类别: what the household's business does.</summary>
public enum VentureCategory
{
    Planting = 1,   // 种植
    Breeding = 2,   // 养殖
    Processing = 3, // 加工
    Commerce = 4,   // 商贸流通（含电商）
}

/// <summary>What the platform gave the project: a technician's visit, market prices and buyers, a place to sell.</summary>
public enum VentureSupportKind
{
    Technique = 1,    // 技术指导
    MarketInfo = 2,   // 市场信息
    SalesChannel = 3, // 销售渠道
}

public static class VentureNames
{
    public static string Of(VentureCategory c) => c switch
    {
        VentureCategory.Planting => "种植",
        VentureCategory.Breeding => "养殖",
        VentureCategory.Processing => "加工",
        VentureCategory.Commerce => "商贸流通",
    };

    public static string Of(VentureSupportKind k) => k switch
    {
        VentureSupportKind.Technique => "技术指导",
        VentureSupportKind.MarketInfo => "市场信息",
        VentureSupportKind.SalesChannel => "销售渠道",
    };

    /// <summary>Registered poor and monitored people (脱贫人口和监测对象) count as "jobs to poor people"; a general household does not.</summary>
    public static bool CountsAsPoor(PovertyStatus s) =>
        s is PovertyStatus.Registered or PovertyStatus.Exited or PovertyStatus.MonitoredUnstable or PovertyStatus.MonitoredMarginal or PovertyStatus.MonitoredSudden;
}

/// <summary>A loan that funds the project (the owner household's own microcredit: 户借户用).</summary>
public sealed class VentureLoan
{
    private VentureLoan()
    {
        LoanNumber = "";
    }

    internal VentureLoan(Loan loan)
    {
        LoanId = loan.Id;
        LoanNumber = loan.Number;
        Amount = loan.DisbursedAmount;
        DisbursedOn = loan.DisbursedOn!.Value;
    }

    public long Id { get; private set; }

    public VentureId VentureId { get; private set; }

    public LoanId LoanId { get; private set; }

    public string LoanNumber { get; private set; }

    public Money Amount { get; private set; }

    public DateOnly DisbursedOn { get; private set; }
}

public sealed class VentureSupport
{
    public const int MaxText = 100;

    private VentureSupport()
    {
        Provider = "";
        RecordedBy = "";
    }

    internal VentureSupport(VentureSupportKind kind, DateOnly on, string provider, string? note, string by)
    {
        Kind = kind;
        On = on;
        Provider = provider;
        Note = note;
        RecordedBy = by;
    }

    public long Id { get; private set; }

    public VentureId VentureId { get; private set; }

    public VentureSupportKind Kind { get; private set; }

    public DateOnly On { get; private set; }

    /// <summary>Who gave it: the agricultural bureau's technician, an e-commerce service station, a buyer.</summary>
    public string Provider { get; private set; }

    public string? Note { get; private set; }

    public string RecordedBy { get; private set; }
}

/// <summary>One year of the project: the jobs it gave (people employed that year) and its income.</summary>
public sealed class VentureYear
{
    private VentureYear()
    {
    }

    internal VentureYear(int year, int jobs, Money income)
    {
        Year = year;
        Jobs = jobs;
        Income = income;
    }

    public long Id { get; private set; }

    public VentureId VentureId { get; private set; }

    public int Year { get; private set; }

    public int Jobs { get; private set; }

    /// <summary>The project's income (营业收入) of the year, as the household reports it.</summary>
    public Money Income { get; private set; }

    internal void Change(int jobs, Money income)
    {
        Jobs = jobs;
        Income = income;
    }
}

/// <summary>A job of a year that went to a member of a registered poor or monitored household, named from the registry.</summary>
public sealed class VentureWorker
{
    private VentureWorker()
    {
        HouseholdNo = "";
        MemberName = "";
    }

    internal VentureWorker(int year, Household household, Member member, PovertyStatus status)
    {
        Year = year;
        HouseholdId = household.Id;
        HouseholdNo = household.HouseholdNo;
        MemberId = member.Id;
        MemberName = member.Name;
        Status = status;
    }

    public long Id { get; private set; }

    public VentureId VentureId { get; private set; }

    public int Year { get; private set; }

    public HouseholdId HouseholdId { get; private set; }

    public string HouseholdNo { get; private set; }

    public MemberId MemberId { get; private set; }

    public string MemberName { get; private set; }

    /// <summary>The household's poverty status when the job was recorded.</summary>
    public PovertyStatus Status { get; private set; }
}

/// <summary>
/// 创业平台: a project a registered household runs (planting, breeding, processing, commerce), the loans that fund it,
/// the support it received, and per year the jobs it created — which of them went to poor people, by name from the
/// registry — and its income. Scoped like the owner household; every change bumps <see cref="Version"/>.
/// </summary>
public sealed class Venture : IAreaScoped
{
    public const int MaxName = 60;
    public const int MaxDescription = 500;

    private readonly List<VentureLoan> _loans = [];
    private readonly List<VentureSupport> _supports = [];
    private readonly List<VentureYear> _years = [];
    private readonly List<VentureWorker> _workers = [];

    private Venture()
    {
        CountyCode = "";
        HouseholdNo = "";
        OwnerName = "";
        Name = "";
        RecordedBy = "";
    }

    public Venture(Household household, string name, VentureCategory category, DateOnly startedOn, string? description, string by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(household);
        var title = (name ?? "").Trim();
        if (title.Length is 0 or > MaxName)
        {
            throw new DomainException("ventures.name", $"请填写项目名称（不超过 {MaxName} 字）。", "name");
        }
        if (!Enum.IsDefined(category))
        {
            throw new DomainException("ventures.category", "请选择项目类别。", "category");
        }
        var text = (description ?? "").Trim();
        if (text.Length > MaxDescription)
        {
            throw new DomainException("ventures.description", $"项目简介不超过 {MaxDescription} 字。", "description");
        }
        var head = household.Members.OrderBy(m => m.Relation).FirstOrDefault()
            ?? throw new DomainException("ventures.no_members", $"户 {household.HouseholdNo} 没有家庭成员。", "householdNo");
        CountyCode = household.CountyCode;
        TownshipCode = household.TownshipCode;
        VillageCode = household.VillageCode;
        HouseholdId = household.Id;
        HouseholdNo = household.HouseholdNo;
        OwnerName = head.Name;
        Name = title;
        Category = category;
        StartedOn = startedOn;
        Description = text.Length == 0 ? null : text;
        RecordedBy = by;
        RecordedAt = at;
    }

    public VentureId Id { get; private set; }

    public string CountyCode { get; private set; }

    public DivisionCode TownshipCode { get; private set; }

    public DivisionCode VillageCode { get; private set; }

    public HouseholdId HouseholdId { get; private set; }

    public string HouseholdNo { get; private set; }

    /// <summary>The household head's name when the project was registered, for lists.</summary>
    public string OwnerName { get; private set; }

    public string Name { get; private set; }

    public VentureCategory Category { get; private set; }

    public DateOnly StartedOn { get; private set; }

    public string? Description { get; private set; }

    public string RecordedBy { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    public int Version { get; private set; }

    DivisionCode? IAreaScoped.TownshipCode => TownshipCode;

    DivisionCode? IAreaScoped.VillageCode => VillageCode;

    public IReadOnlyList<VentureLoan> Loans => _loans;

    public IReadOnlyList<VentureSupport> Supports => _supports;

    public IReadOnlyList<VentureYear> Years => _years;

    public IReadOnlyList<VentureWorker> Workers => _workers;

    /// <summary>A disbursed loan of the owner household; another household's loan funding this project would be 户贷企用, not support.</summary>
    public void FundBy(Loan loan)
    {
        ArgumentNullException.ThrowIfNull(loan);
        if (loan.HouseholdId != HouseholdId)
        {
            throw new DomainException("ventures.loan_household", $"贷款 {loan.Number} 不是项目所属户 {HouseholdNo} 的贷款（他户贷款用于本项目属“户贷企用”）。", "loanNumber");
        }
        if (loan.DisbursedOn is null)
        {
            throw new DomainException("ventures.loan_not_disbursed", $"贷款 {loan.Number} 尚未发放。", "loanNumber");
        }
        if (_loans.Any(l => l.LoanId == loan.Id))
        {
            throw new ConflictException("ventures.loan_linked", $"贷款 {loan.Number} 已关联本项目。", "loanNumber");
        }
        _loans.Add(new VentureLoan(loan));
        Version++;
    }

    public void AddSupport(VentureSupportKind kind, DateOnly on, string? provider, string? note, string by)
    {
        if (!Enum.IsDefined(kind))
        {
            throw new DomainException("ventures.support_kind", "请选择扶持类别。", "kind");
        }
        var who = (provider ?? "").Trim();
        if (who.Length is 0 or > VentureSupport.MaxText)
        {
            throw new DomainException("ventures.provider", $"请填写提供方（不超过 {VentureSupport.MaxText} 字）。", "provider");
        }
        var text = (note ?? "").Trim();
        if (text.Length > VentureSupport.MaxText)
        {
            throw new DomainException("ventures.note", $"内容不超过 {VentureSupport.MaxText} 字。", "note");
        }
        if (on < StartedOn)
        {
            throw new DomainException("ventures.support_date", "扶持日期不能早于项目开办日期。", "on");
        }
        _supports.Add(new VentureSupport(kind, on, who, text.Length == 0 ? null : text, by));
        Version++;
    }

    /// <summary>Sets a year's jobs and income (a correction replaces the year's figures); never fewer jobs than poor people named for it.</summary>
    public void RecordYear(int year, int jobs, Money income)
    {
        if (year < StartedOn.Year || year > 2100)
        {
            throw new DomainException("ventures.year", $"年度应在开办年度 {StartedOn.Year} 之后。", "year");
        }
        if (jobs is < 0 or > 10_000)
        {
            throw new DomainException("ventures.jobs", "带动就业人数应在 0–10000 之间。", "jobs");
        }
        if (income.IsNegative)
        {
            throw new DomainException("ventures.income", "年收入不能为负数。", "income");
        }
        var named = _workers.Count(w => w.Year == year);
        if (jobs < named)
        {
            throw new DomainException("ventures.jobs_below_poor", $"{year} 年已登记 {named} 名脱贫人口就业，带动就业人数不能少于此数。", "jobs");
        }
        var row = _years.FirstOrDefault(y => y.Year == year);
        if (row is null)
        {
            _years.Add(new VentureYear(year, jobs, income));
        }
        else
        {
            row.Change(jobs, income);
        }
        Version++;
    }

    /// <summary>One of the year's jobs went to this member of a poor or monitored household (status on <paramref name="knownAt"/>).</summary>
    public void Employ(int year, Household household, Member member, DateTimeOffset knownAt)
    {
        ArgumentNullException.ThrowIfNull(household);
        ArgumentNullException.ThrowIfNull(member);
        var row = _years.FirstOrDefault(y => y.Year == year)
            ?? throw new DomainException("ventures.year_missing", $"请先登记 {year} 年的带动就业人数和收入。", "year");
        if (!household.Members.Contains(member))
        {
            throw new DomainException("ventures.member", $"{member.Name} 不是户 {household.HouseholdNo} 的家庭成员。", "memberName");
        }
        var status = household.StatusOn(new DateOnly(year, 12, 31), knownAt) ?? household.Status;
        if (!VentureNames.CountsAsPoor(status))
        {
            throw new DomainException("ventures.not_poor", $"户 {household.HouseholdNo} 不是脱贫户或监测户，不计入带动脱贫人口就业。", "householdNo");
        }
        if (_workers.Any(w => w.Year == year && w.MemberId == member.Id))
        {
            throw new ConflictException("ventures.worker_exists", $"{member.Name} 已登记为本项目 {year} 年就业人员。", "memberName");
        }
        if (_workers.Count(w => w.Year == year) >= row.Jobs)
        {
            throw new DomainException("ventures.jobs_full", $"{year} 年带动就业 {row.Jobs} 人已全部登记；请先改正当年就业人数。", "jobs");
        }
        _workers.Add(new VentureWorker(year, household, member, status));
        Version++;
    }
}
