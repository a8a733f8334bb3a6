using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Contracts;
using RuralLedger.Core.Income;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;
using RuralLedger.Web.Features.Assets;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Contracts;

public sealed record BidInput(string? BidderName, string? CreditCode, Money? AnnualAmount, bool Won);

/// <summary>A new contract. <c>annualRent</c> (yuan) for fixed rent; <c>ratePercent</c> (two decimals) for a guaranteed return or profit share.</summary>
public sealed record ContractInput(
    IReadOnlyList<long>? AssetIds, OperatorKind OperatorKind, string? OperatorName, string? OperatorCreditCode, string? OperatorContact,
    OperationMode Mode, DateOnly? SignedOn, DateOnly? StartOn, int TermMonths, PaymentFrequency Frequency, int GraceDays,
    ConsiderationKind Consideration, Money? AnnualRent, Rate? RatePercent, IReadOnlyList<BidInput>? Bids);

public sealed record ReceiptInput(DateOnly? ReceivedOn, Money? Amount, string? Reference, int? Version);

public sealed record ProfitInput(int Year, Money? Profit, DateOnly? DueOn, int? Version);

public sealed record EmploymentInput(int Year, int Jobs, int PoorPeople, int PoorHouseholds, Money? Wages, Money? WagesToPoor, int? Version);

public sealed record TerminationInput(DateOnly? TerminatedOn, string? Reason, bool Breach, string? BreachDescription, int? Version);

public sealed record IncomeShare(long AssetId, string AssetCode, Money Amount);

public sealed record ReceiptRecorded(long ReceiptId, Money Amount, Money Outstanding, IReadOnlyList<IncomeShare> Income);

/// <summary>
/// Every write to a contract. The contract is read through the scoped context, so one outside the caller's scope is
/// "not found"; its assets must all be in scope and not disposed. Stale versions are refused with 409.
/// </summary>
public sealed class ContractCommands(RuralDbContext db, Numbering numbering, TimeProvider clock)
{
    private static readonly Versions Versions = new("contracts", "该合同");

    public async Task<long> CreateAsync(ContractInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var v = new Validation();
        var ids = (input.AssetIds ?? []).Distinct().ToList();
        var assetIds = ids.Select(i => new AssetId(i)).ToList();
        var found = assetIds.Count == 0 ? [] : await db.Assets.AsSplitQuery().Where(a => assetIds.Contains(a.Id)).ToListAsync(ct);
        if (ids.Count == 0)
        {
            v.Add("assetIds", "请至少选择一项资产。");
        }
        foreach (var missing in ids.Where(i => found.All(a => a.Id.Value != i)))
        {
            v.Add("assetIds", $"资产 {missing} 不存在或不在您的权限范围内。");
        }
        if (input.OperatorKind is OperatorKind.Enterprise or OperatorKind.Cooperative || !string.IsNullOrWhiteSpace(input.OperatorCreditCode))
        {
            v.Try("operatorCreditCode", () => CreditCode.Parse(input.OperatorCreditCode, "operatorCreditCode"));
        }
        if (input.SignedOn is null)
        {
            v.Add("signedOn", "签订日期不能为空。");
        }
        else
        {
            v.Try("signedOn", () => Inputs.Plausible(input.SignedOn.Value, "signedOn", "签订日期"));
        }
        if (input.StartOn is { } startOn)
        {
            v.Try("startOn", () => Inputs.Plausible(startOn, "startOn", "起始日期"));
        }
        v.Try("operatorKind", () => Inputs.Defined(input.OperatorKind, "operatorKind", "经营主体类型"));
        v.Try("mode", () => Inputs.Defined(input.Mode, "mode", "经营方式"));
        v.Try("frequency", () => Inputs.Defined(input.Frequency, "frequency", "付款周期"));
        v.Try("consideration", () => Inputs.Defined(input.Consideration, "consideration", "对价方式"));
        var rent = input.Consideration == ConsiderationKind.FixedRent ? v.Try("annualRent", () => Inputs.Yuan(input.AnnualRent, "annualRent", "年租金")) : Money.Zero;
        var rate = input.Consideration != ConsiderationKind.FixedRent ? v.Try("ratePercent", () => Inputs.BasisPoints(input.RatePercent, "ratePercent", "比例")) : 0;
        var bids = new List<BidLine>();
        var bidInputs = input.Bids ?? [];
        for (var i = 0; i < bidInputs.Count; i++)
        {
            if (bidInputs[i] is not { } b)
            {
                v.Add($"bids[{i}]", "竞标行不能为空。");
                continue;
            }
            var amount = v.Try($"bids[{i}].annualAmount", () => Inputs.Yuan(b.AnnualAmount ?? Money.Zero, $"bids[{i}].annualAmount", "报价"));
            bids.Add(new BidLine(b.BidderName, b.CreditCode, amount, b.Won));
        }
        v.ThrowIfAny();

        var assets = ids.Select(i => found.Single(a => a.Id.Value == i)).ToList();
        var signedOn = input.SignedOn!.Value;
        var terms = new ContractTerms(input.OperatorKind, input.OperatorName, input.OperatorCreditCode, input.OperatorContact, input.Mode,
            signedOn, input.StartOn ?? signedOn, input.TermMonths, input.Consideration, rent, rate, input.Frequency, input.GraceDays);
        var county = assets[0].CountyCode;
        await using var transaction = await numbering.BeginAsync(ct);
        var number = await numbering.NextContractNumberAsync(county, signedOn.Year, ct);
        var contract = new Contract(number, assets, terms, bids);
        db.Contracts.Add(contract);
        await Versions.SaveAsync(db, ct);
        await transaction.CommitAsync(ct);
        return contract.Id.Value;
    }

    /// <summary>
    /// A receipt is applied to the oldest open instalments, and the same money is booked as income of the contract's
    /// assets in proportion to their value at signing (largest remainder, so the parts sum to the receipt), in one transaction.
    /// </summary>
    public async Task<ReceiptRecorded> ReceiveAsync(long id, ReceiptInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var contract = await LoadAsync(id, ct);
        Versions.Expect(contract.Version, input.Version);
        var today = BusinessCalendar.Today(clock);
        var v = new Validation();
        var amount = v.Try("amount", () => Inputs.Yuan(input.Amount, "amount", "收款金额"));
        var on = v.Try("receivedOn", () => Inputs.NotAfterToday(input.ReceivedOn, today, "receivedOn", "收款日期"));
        v.ThrowIfAny();

        var shares = contract.Assets.OrderBy(a => a.Id).ToList();
        var assetIds = shares.Select(a => a.AssetId).ToList();
        // A contract sits at the lowest area holding all its assets, so whoever sees the contract sees its assets.
        var assets = await db.Assets.AsSplitQuery().Where(a => assetIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);

        var now = clock.GetUtcNow();
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var receipt = contract.Receive(on, amount, input.Reference, db.Access.ActorName, now);
        await Versions.SaveAsync(db, ct);

        var parts = amount.Allocate(shares.Select(s => s.ValueAtSigning.Fen).ToArray());
        var income = new List<IncomeShare>();
        var note = $"合同 {contract.Number} 收款" + (receipt.Reference is null ? "" : $"（{receipt.Reference}）");
        for (var i = 0; i < shares.Count; i++)
        {
            if (parts[i] == Money.Zero)
            {
                continue;
            }
            var asset = assets[shares[i].AssetId];
            db.AssetIncomes.Add(new AssetIncome(asset, IncomeKind.ContractReceipt, on, parts[i], note, contract.Id, receipt.Id, db.Access.ActorName, now));
            income.Add(new IncomeShare(asset.Id.Value, asset.Code, parts[i]));
        }
        await Versions.SaveAsync(db, ct);
        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }
        return new ReceiptRecorded(receipt.Id, amount, contract.Outstanding, income);
    }

    public async Task<Money> DeclareProfitAsync(long id, ProfitInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var contract = await LoadAsync(id, ct);
        Versions.Expect(contract.Version, input.Version);
        if (input.Year is < 2010 or > 2100)
        {
            throw new DomainException("contracts.year", "年度应在 2010–2100 之间。", "year");
        }
        var profit = Inputs.Yuan(input.Profit, "profit", "年度利润");
        // Owed once the year is over and the profit known: by default within the grace days after the year's end.
        var dueOn = input.DueOn ?? new DateOnly(input.Year, 12, 31).AddDays(contract.GraceDays);
        var share = contract.AddProfitShare(input.Year, profit, dueOn);
        await Versions.SaveAsync(db, ct);
        return share;
    }

    public async Task ReportEmploymentAsync(long id, EmploymentInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var contract = await LoadAsync(id, ct);
        Versions.Expect(contract.Version, input.Version);
        var v = new Validation();
        var wages = v.Try("wages", () => Inputs.Yuan(input.Wages, "wages", "工资总额"));
        var toPoor = v.Try("wagesToPoor", () => Inputs.Yuan(input.WagesToPoor ?? Money.Zero, "wagesToPoor", "发放给脱贫户的工资"));
        v.ThrowIfAny();
        contract.ReportEmployment(input.Year, input.Jobs, input.PoorPeople, input.PoorHouseholds, wages, toPoor);
        await Versions.SaveAsync(db, ct);
    }

    public async Task TerminateAsync(long id, TerminationInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var contract = await LoadAsync(id, ct);
        Versions.Expect(contract.Version, input.Version);
        var on = Inputs.NotAfterToday(input.TerminatedOn, BusinessCalendar.Today(clock), "terminatedOn", "终止日期");
        contract.Terminate(on, input.Reason, input.Breach, input.BreachDescription);
        await Versions.SaveAsync(db, ct);
    }

    private async Task<Contract> LoadAsync(long id, CancellationToken ct)
    {
        var contractId = new ContractId(id);
        return await db.Contracts.AsSplitQuery().SingleOrDefaultAsync(c => c.Id == contractId, ct)
            ?? throw new NotFoundException("contracts.not_found", $"合同 {id} 不存在或不在您的权限范围内。");
    }
}
