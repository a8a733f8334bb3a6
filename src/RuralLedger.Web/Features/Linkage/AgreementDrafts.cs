using System.Globalization;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Linkage;
using RuralLedger.Core.Projects;
using RuralLedger.Data;

namespace RuralLedger.Web.Features.Linkage;

/// <summary>A household an accepted project links, with how it benefits and the planned yearly amount.</summary>
public sealed record DraftHousehold(HouseholdId HouseholdId, string HouseholdNo, string HeadName, DivisionCode VillageCode, BenefitKind Benefit, Money PlannedBenefit);

/// <summary>
/// The linkage module's part of a project's acceptance (issue 18): the households the project links become an agreement
/// draft for the linkage office to complete with the operator and sign. Added to the acceptance's own transaction, so
/// an acceptance that fails leaves no draft and the project's unique key leaves one draft at most.
/// </summary>
public sealed class AgreementDrafts(RuralDbContext db, TimeProvider clock)
{
    public async Task AddAsync(long projectId, string countyCode, string projectName, DateOnly acceptedOn, IReadOnlyList<DraftHousehold> households,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(households);
        if (households.Count == 0)
        {
            return;
        }
        var kinds = households.Select(h => h.Benefit).Distinct().ToList();
        var type = kinds.Count != 1 ? AgreementType.Mixed : kinds[0] switch
        {
            BenefitKind.Job => AgreementType.Employment,
            BenefitKind.Dividend => AgreementType.Shareholding,
            BenefitKind.Order => AgreementType.OrderPurchase,
            BenefitKind.LandRent => AgreementType.LandTransfer,
            _ => AgreementType.Mixed,
        };
        var n = await NumberSeries.NextAsync(db, "linkage", countyCode, acceptedOn.Year, ct: ct);
        db.LinkageAgreements.Add(LinkageAgreement.DraftFor(string.Create(CultureInfo.InvariantCulture, $"LJ{countyCode}-{acceptedOn.Year}-{n:D5}"), countyCode, projectId,
            projectName, type, acceptedOn,
            households.Select(h => new AgreementHousehold(h.HouseholdId, h.HouseholdNo, h.HeadName, h.VillageCode, h.PlannedBenefit)).ToList(),
            db.Access.ActorName, clock.GetUtcNow()));
    }
}
