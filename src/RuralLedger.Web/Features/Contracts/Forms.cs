using RuralLedger.Core.Assets;
using RuralLedger.Core.Contracts;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Contracts;

// Form models of the contract pages; handlers take the API's records, so pages and API share one path.

public sealed class BidForm
{
    public string? BidderName { get; set; }

    public string? CreditCode { get; set; }

    public decimal? AnnualAmount { get; set; }
}

public sealed class ContractForm
{
    public const int BidRows = 6;

    /// <summary>Asset codes separated by commas, spaces or lines.</summary>
    public string? AssetCodes { get; set; }

    public OperatorKind OperatorKind { get; set; } = OperatorKind.Enterprise;

    public string? OperatorName { get; set; }

    public string? OperatorCreditCode { get; set; }

    public string? OperatorContact { get; set; }

    public OperationMode Mode { get; set; } = OperationMode.Entrusted;

    public DateOnly? SignedOn { get; set; }

    public DateOnly? StartOn { get; set; }

    public int TermMonths { get; set; } = 60;

    public PaymentFrequency Frequency { get; set; } = PaymentFrequency.Annual;

    public int GraceDays { get; set; } = 30;

    public ConsiderationKind Consideration { get; set; } = ConsiderationKind.FixedRent;

    public decimal? AnnualRent { get; set; }

    public decimal? RatePercent { get; set; }

    public List<BidForm> Bids { get; set; } = [];

    /// <summary>Row number of the winning bid in <see cref="Bids"/>.</summary>
    public int? WinnerIndex { get; set; }

    public IReadOnlyList<string> Codes() =>
        (AssetCodes ?? "").Split([',', '，', ' ', '\n', '\r', '\t', ';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();

    public void PadBids()
    {
        while (Bids.Count < BidRows)
        {
            Bids.Add(new BidForm());
        }
    }

    /// <summary>Only the filled rows are bids; the radio button's row wins. Row numbers are kept so errors land on the right row.</summary>
    public IReadOnlyList<BidInput> BidInputs(Validation v) =>
        Mode != OperationMode.PublicContracting
            ? []
            : Bids.Select((b, i) => (b, i)).Where(x => !string.IsNullOrWhiteSpace(x.b.BidderName) || x.b.AnnualAmount is not null)
                .Select(x => new BidInput(x.b.BidderName, x.b.CreditCode, FormValues.Yuan(x.b.AnnualAmount, v, $"bids[{x.i}].annualAmount"), WinnerIndex == x.i)).ToList();

    public ContractInput ToInput(IReadOnlyList<long> assetIds)
    {
        var v = new Validation();
        var fixedRent = Consideration == ConsiderationKind.FixedRent;
        var input = new ContractInput(
            assetIds, OperatorKind, OperatorName, OperatorCreditCode, OperatorContact, Mode, SignedOn, StartOn, TermMonths, Frequency, GraceDays,
            Consideration, fixedRent ? FormValues.Yuan(AnnualRent, v, "annualRent") : null, fixedRent ? null : FormValues.Percent(RatePercent, v, "ratePercent"), BidInputs(v));
        v.ThrowIfAny();
        return input;
    }
}

public sealed class ReceiptForm
{
    public DateOnly? ReceivedOn { get; set; }

    public decimal? Amount { get; set; }

    public string? Reference { get; set; }
}

public sealed class ProfitForm
{
    public int Year { get; set; }

    public decimal? Profit { get; set; }

    public DateOnly? DueOn { get; set; }
}

public sealed class EmploymentForm
{
    public int Year { get; set; }

    public int Jobs { get; set; }

    public int PoorPeople { get; set; }

    public int PoorHouseholds { get; set; }

    public decimal? Wages { get; set; }

    public decimal? WagesToPoor { get; set; }
}

public sealed class TerminationForm
{
    public DateOnly? TerminatedOn { get; set; }

    public string? Reason { get; set; }

    public bool Breach { get; set; }

    public string? BreachDescription { get; set; }
}
