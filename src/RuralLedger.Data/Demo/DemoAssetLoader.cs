using System.Globalization;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Certificates;
using RuralLedger.Core.Contracts;
using RuralLedger.Core.Distribution;
using RuralLedger.Core.Income;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Projects;

namespace RuralLedger.Data.Demo;

public sealed record DemoAssetResult(int Funds, int Projects, int Assets, int Contracts, int Certificates, int Incomes);

/// <summary>
/// Writes the generated asset side of a demo county through EF and the domain's own methods (projects approved,
/// started and accepted; receipts received; certificates issued), stage by stage because each stage needs the ids
/// of the one before. Every SaveChanges is audited like any other write, as the demo loader's system actor.
/// </summary>
public sealed class DemoAssetLoader(RuralDbContext db, TimeProvider clock)
{
    public async Task<DemoAssetResult> LoadAsync(DemoCounty county, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(county);
        var today = BusinessCalendar.Today(clock);
        var data = new DemoAssetGenerator(today).Generate(county.Areas);
        var names = county.Areas.ToDictionary(a => a.Code.Value, a => a.Name);
        var now = clock.GetUtcNow();
        var by = db.Access.ActorName;

        var funds = data.Funds.Select(f => new FundSource(county.CountyCode, f.Kind, f.Year, f.Name, f.Allocated, f.DocumentNo)).ToList();
        await SaveAsync(funds, 100, ct);
        List<FundingLine> Lines(IEnumerable<DemoFunding> lines) => [.. lines.Select(l => new FundingLine(funds[l.Fund].Id, l.Amount))];

        var projectSeq = new Dictionary<int, int>();
        var projects = new List<Project>();
        foreach (var p in data.Projects)
        {
            var seq = projectSeq[p.Year] = projectSeq.GetValueOrDefault(p.Year) + 1;
            var project = new Project(Number("XM", county.CountyCode, p.Year, seq, 4), p.Name, p.Year, p.Industry, p.Villages, Lines(p.Budget), p.Description);
            if (p.ApprovedOn is { } approved)
            {
                project.Approve(approved, p.ApprovalDocument);
            }
            if (p.StartedOn is { } started)
            {
                project.StartBuilding(started);
            }
            if (p.Status == ProjectStatus.Accepted)
            {
                project.Accept(p.AcceptedOn!.Value, [.. p.Assets.Select(a => (IReadOnlyList<FundingLine>)Lines(a.Funding))]);
            }
            else if (p.Status == ProjectStatus.Cancelled)
            {
                project.Cancel(p.StartedOn ?? p.ApprovedOn ?? new DateOnly(p.Year, 6, 30), "选址与村民意愿不符，经村民会议决定不再实施");
            }
            projects.Add(project);
        }
        await SaveAsync(projects, 20, ct);

        var assetSeq = new Dictionary<int, int>();
        var assets = new List<Asset>();
        for (var i = 0; i < data.Assets.Count; i++)
        {
            var a = data.Assets[i];
            var project = projects[data.AssetProject[i]];
            var formed = project.AcceptedOn!.Value;
            var seq = assetSeq[formed.Year] = assetSeq.GetValueOrDefault(formed.Year) + 1;
            var asset = new Asset(Number("ZC", county.CountyCode, formed.Year, seq, 5), a.Name, a.Class, a.Kind, a.Industry, a.Location, a.Quantity, a.Unit,
                formed, project.Id, Lines(a.Funding), a.Shares, now, by);
            asset.SetRights(a.SupervisionUnit, a.SupervisionPerson, a.Beneficiaries, DefaultDistributionPolicy.Code);
            if (a.StatusChange is { } change)
            {
                asset.ChangeStatus(change.To, change.On, change.Reason, now, by);
            }
            assets.Add(asset);
        }
        await SaveAsync(assets, 20, ct);

        var contractSeq = new Dictionary<int, int>();
        var contracts = new List<Contract>();
        foreach (var c in data.Contracts)
        {
            var year = c.Terms.SignedOn.Year;
            var seq = contractSeq[year] = contractSeq.GetValueOrDefault(year) + 1;
            var contract = new Contract(Number("HT", county.CountyCode, year, seq, 4), [.. c.Assets.Select(i => assets[i])], c.Terms, c.Bids);
            foreach (var profit in c.Profits)
            {
                contract.AddProfitShare(profit.Year, profit.Profit, profit.DueOn);
            }
            foreach (var payment in c.Payments)
            {
                var owed = Money.Sum(contract.Receivables.Where(r => r.DueOn <= payment.CoversDueUpTo).Select(r => r.Outstanding));
                // A full payment settles to the fen; only a part payment is a round sum of yuan. Rounding full ones down
                // too left fen-sized remainders that put paid-up contracts on the arrears list.
                var amount = payment.Percent >= 100 ? owed : Money.FromFen(owed.Fen * payment.Percent / 100 / 100 * 100);
                if (amount > Money.Zero)
                {
                    contract.Receive(payment.On, amount, payment.Reference, by, now);
                }
            }
            foreach (var e in c.Employment)
            {
                contract.ReportEmployment(e.Year, e.Jobs, e.PoorPeople, e.PoorHouseholds, e.Wages, e.WagesToPoor);
            }
            if (c.Termination is { } t)
            {
                contract.Terminate(t.On, t.Reason, t.Breach, t.BreachDescription);
            }
            contracts.Add(contract);
        }
        await SaveAsync(contracts, 10, ct);

        // Receipts become income of the contract's assets, split by their value at signing (the remainder by the allocation rule).
        var byId = assets.ToDictionary(a => a.Id);
        var incomes = new List<AssetIncome>();
        foreach (var contract in contracts)
        {
            var weights = contract.Assets.Select(a => a.ValueAtSigning.Fen).ToArray();
            foreach (var receipt in contract.Receipts)
            {
                var parts = receipt.Amount.Allocate(weights);
                for (var k = 0; k < parts.Length; k++)
                {
                    if (parts[k] != Money.Zero)
                    {
                        incomes.Add(new AssetIncome(byId[contract.Assets[k].AssetId], IncomeKind.ContractReceipt, receipt.ReceivedOn, parts[k],
                            $"合同 {contract.Number} 收款", contract.Id, receipt.Id, by, now));
                    }
                }
            }
        }

        var certificates = new List<Certificate>();
        foreach (var c in data.Certificates)
        {
            var asset = assets[c.Asset];
            var certificate = new Certificate(asset, LocationName(asset.Place, names), c.Year, c.Sequence, c.IssuedOn, "茶乡县乡村振兴局",
                Certificate.NewVerificationCode(), null, null);
            if (c.RevokedOn is { } revoked)
            {
                certificate.Revoke(revoked, c.RevokeReason);
            }
            certificates.Add(certificate);
        }
        await SaveAsync(incomes, 500, ct);
        await SaveAsync(certificates, 500, ct);
        return new DemoAssetResult(funds.Count, projects.Count, assets.Count, contracts.Count, certificates.Count, incomes.Count);
    }

    /// <summary>"朱家场镇混寨村", or the township alone for an asset that spans its villages.</summary>
    public static string LocationName(Place place, IReadOnlyDictionary<string, string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var township = place.TownshipCode is { } t ? names.GetValueOrDefault(t.Value, t.Value) : "";
        var village = place.VillageCode is { } v ? names.GetValueOrDefault(v.Value, v.Value) : "";
        var text = township + village;
        return text.Length > 0 ? text : names.GetValueOrDefault(DivisionCode.ForCounty(place.CountyCode).Value, place.CountyCode);
    }

    private static string Number(string prefix, string county, int year, int seq, int digits) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}{county}-{year}-{seq.ToString("D" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)}");

    /// <summary>
    /// Saves in small batches and detaches what was saved (the objects keep their ids): the audit of an owned row
    /// looks its owner up among the tracked entries, which grows with the square of what one SaveChanges holds.
    /// </summary>
    private async Task SaveAsync<T>(IReadOnlyList<T> items, int batch, CancellationToken ct)
        where T : class
    {
        for (var i = 0; i < items.Count; i += batch)
        {
            db.Set<T>().AddRange(items.Skip(i).Take(batch));
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
    }
}
