using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Core.Projects;

/// <summary>One allocation of poverty-alleviation money to the county (e.g. "2019 年中央财政衔接资金"), reference data per county.</summary>
public sealed class FundSource : IAreaScoped
{
    private FundSource()
    {
        CountyCode = "";
        Name = "";
    }

    public FundSource(string countyCode, FundSourceKind kind, int year, string name, Money allocated, string? documentNo)
    {
        CountyCode = countyCode;
        Kind = kind;
        Year = ProjectRules.Year(year, "year");
        Name = ProjectRules.Text(name, "name", "资金名称", 100);
        if (allocated.IsNegative)
        {
            throw new DomainException("funds.negative", "下达金额不能为负。", "allocated");
        }
        Allocated = allocated;
        DocumentNo = string.IsNullOrWhiteSpace(documentNo) ? null : documentNo.Trim();
    }

    public FundSourceId Id { get; private set; }

    public string CountyCode { get; private set; }

    public DivisionCode? TownshipCode => null;

    public DivisionCode? VillageCode => null;

    public FundSourceKind Kind { get; private set; }

    public int Year { get; private set; }

    public string Name { get; private set; }

    /// <summary>The amount allocated by the funding document (下达金额).</summary>
    public Money Allocated { get; private set; }

    /// <summary>The allocating document number (文号).</summary>
    public string? DocumentNo { get; private set; }
}

internal static class ProjectRules
{
    public static int Year(int year, string field) => year is >= 2010 and <= 2100
        ? year
        : throw new DomainException("assets.year", "年度应在 2010–2100 之间。", field);

    public static string Text(string? text, string field, string label, int max)
    {
        var t = (text ?? "").Trim();
        if (t.Length == 0)
        {
            throw new DomainException("assets.required", $"{label}不能为空。", field);
        }
        if (t.Length > max)
        {
            throw new DomainException("assets.too_long", $"{label}不超过 {max} 个字。", field);
        }
        return t;
    }

    public static string? Optional(string? text, string field, string label, int max)
    {
        var t = (text ?? "").Trim();
        if (t.Length > max)
        {
            throw new DomainException("assets.too_long", $"{label}不超过 {max} 个字。", field);
        }
        return t.Length == 0 ? null : t;
    }
}
