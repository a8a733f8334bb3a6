using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Certificates;
using RuralLedger.Core.Contracts;
using RuralLedger.Core.Disposals;
using RuralLedger.Core.Distribution;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Linkage;
using RuralLedger.Core.Projects;
using RuralLedger.Core.Registry;
using RuralLedger.Core.Supervision;
using RuralLedger.Data;

namespace RuralLedger.Web.Tests;

/// <summary>
/// One record of every asset-side and distribution kind in a village, for the scope sweep: an asset with a file,
/// a project with an eight-element assessment, a contract, a disposal, a certificate, a plan in notice with an objection, and a posted plan with a
/// payment batch, and a public-welfare post held by a member of the household. Built through the domain with the
/// system context, as a county's data would be.
/// </summary>
internal sealed record ScopeRecords(long Asset, long File, long Project, long Contract, long Disposal, long Certificate, long Plan, long Objection, long PostedPlan, long Batch, long PublicJob, long Assessment, long Agreement,
    long Inspection, long Finding, long Warning)
{
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    public static async Task<ScopeRecords> CreateAsync(RuralDbContext db, string village, long householdId, string householdNo, CancellationToken ct)
    {
        var code = DivisionCode.Parse(village);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var today = BusinessCalendar.Today(TimeProvider.System);
        var source = new FundSource("522699", FundSourceKind.Central, 2019, "范围测试资金" + tag, Money.FromYuan(1_000m), null);
        db.FundSources.Add(source);
        await db.SaveChangesAsync(ct);

        var asset = new Asset("SC" + tag, "范围测试资产" + tag, AssetClass.Operating, AssetKind.Pen, Industry.Pigs, code, 1m, "座", new DateOnly(2019, 1, 1), null,
            [new FundingLine(source.Id, Money.FromYuan(10m))], [new ShareLine(HolderKind.VillageCollective, "范围测试集体" + tag, null, null, 10_000)], DateTimeOffset.UtcNow, "t");
        var project = new Project("XMSC" + tag, "范围测试项目" + tag, 2019, Industry.Pigs, [code], [new FundingLine(source.Id, Money.FromYuan(10m))], null);
        db.Assets.Add(asset);
        db.Projects.Add(project);
        await db.SaveChangesAsync(ct);

        var file = new AssetFile(asset, "x.png", Png, null, "t", DateTimeOffset.UtcNow);
        var contract = new Contract("HTSC" + tag, [asset], new ContractTerms(OperatorKind.Person, "范围测试经营人" + tag, null, null, OperationMode.Cooperation,
            new DateOnly(2024, 1, 1), new DateOnly(2024, 1, 1), 24, ConsiderationKind.FixedRent, Money.FromYuan(100m), 0, PaymentFrequency.Annual, 0), []);
        var disposal = new Disposal(asset, DisposalCase.EndOfLife, DisposalMethod.Scrap, "范围测试处置", today, "t");
        var certificate = new RuralLedger.Core.Certificates.Certificate(asset, "范围测试", 2001, Random.Shared.Next(10_000, 99_999), today, "t", RuralLedger.Core.Certificates.Certificate.NewVerificationCode(), null, null);
        db.AssetFiles.Add(file);
        db.Contracts.Add(contract);
        db.Disposals.Add(disposal);
        db.Certificates.Add(certificate);
        await db.SaveChangesAsync(ct);

        var rule = DistributionRule.SevenTwoOne("522699", new DateOnly(2016, 1, 1));
        DistributionPlan NewPlan(string suffix)
        {
            var result = DistributionCalculator.Compute(Money.FromYuan(100m), rule,
                [new Beneficiary(new HouseholdId(householdId), householdNo, "范围测试户" + tag, PovertyStatus.Exited, [new BeneficiaryMember(40, LabourAbility.Normal, false)], false)]);
            var plan = new DistributionPlan("FPSC" + tag + suffix, code, 2023, null, rule, new DateOnly(2023, 12, 31), result, "t", DateTimeOffset.UtcNow);
            db.DistributionPlans.Add(plan);
            return plan;
        }
        var noticed = NewPlan("a");
        noticed.RecordMeeting(today, 10, 9, 8, null, today);
        noticed.PublishNotice(today, today.AddDays(10), null, today);
        var objection = noticed.FileObjection(today, "村民", "范围测试异议");
        var posted = NewPlan("b");
        posted.RecordMeeting(today, 10, 9, 8, null, today);
        posted.PublishNotice(today, today.AddDays(6), null, today);
        posted.Approve(today.AddDays(7), "t", null);
        posted.MarkPosted(today.AddDays(7), "t");
        await db.SaveChangesAsync(ct);
        var line = DistributionCalculator.Compute(posted.Pool, rule,
            [new Beneficiary(new HouseholdId(householdId), householdNo, "范围测试户" + tag, PovertyStatus.Exited, [new BeneficiaryMember(40, LabourAbility.Normal, false)], false)]).Lines[0];
        var planLine = new PlanLine(posted.Id, code, 2023, line);
        db.PlanLines.Add(planLine);
        var batch = new PaymentBatch(posted, 1, 1, line.Amount, today, "t");
        db.PaymentBatches.Add(batch);
        await db.SaveChangesAsync(ct);
        planLine.PutInBatch(batch.Id);
        await db.SaveChangesAsync(ct);

        var household = await db.Households.Include(h => h.Members).SingleAsync(h => h.Id == new HouseholdId(householdId), ct);
        var job = new PublicWelfareJob(household, household.Members.OrderBy(m => m.Relation).Last(), PublicWelfarePost.Cleaner, "范围测试岗位" + tag, Money.FromYuan(500m),
            new DateOnly(2023, 1, 1), null, "t", DateTimeOffset.UtcNow);
        db.PublicWelfareJobs.Add(job);
        await db.SaveChangesAsync(ct);
        var policy = await db.SelectionPolicies.FirstOrDefaultAsync(p => p.CountyCode == "522699" && p.Version == 1, ct);
        if (policy is null)
        {
            policy = DefaultSelectionPolicy.For("522699", DateTimeOffset.UtcNow);
            db.SelectionPolicies.Add(policy);
            await db.SaveChangesAsync(ct);
        }
        var assessment = new ProjectAssessment(project, policy, SelectionNames.Elements.Select(e => new ElementScore(e, 8, "范围测试")).ToList(), null, today, "t", DateTimeOffset.UtcNow);
        db.ProjectAssessments.Add(assessment);
        await db.SaveChangesAsync(ct);
        var agreement = new LinkageAgreement("LJ-SCOPE-" + tag, "522699", "范围测试合作社", CreditCode.Complete("93522699MA6E3LY2").Value, AgreementType.Employment,
            new DateOnly(2023, 1, 1), new DateOnly(2023, 1, 1), new DateOnly(2025, 12, 31), new PromisedBenefits(Money.FromYuan(2_000m), Money.Zero, Money.Zero, Money.Zero),
            null, [new AgreementHousehold(household.Id, household.HouseholdNo, household.HeadName, household.VillageCode)], "t", DateTimeOffset.UtcNow);
        db.LinkageAgreements.Add(agreement);
        await db.SaveChangesAsync(ct);
        var inspection = new Inspection(InspectionTarget.Asset, asset.Id.Value, asset.Name, "522699", code.TownshipOf(), code, null, today, "范围测试检查", "t", DateTimeOffset.UtcNow);
        db.Inspections.Add(inspection);
        await db.SaveChangesAsync(ct);
        var finding = inspection.AddFinding(FindingCategory.AssetIdle, Money.FromYuan(1m), "范围测试问题", "范围测试单位", "测试", today, "t", DateTimeOffset.UtcNow);
        db.Findings.Add(finding);
        var warning = new AnomalyWarning(RuleCodes.NoCertificate, 0, Severity.Low, "scope_test", asset.Id.Value, asset.Name, "范围测试预警", $"/assets/{asset.Id}",
            "522699", code.TownshipOf(), code, DateTimeOffset.UtcNow);
        db.AnomalyWarnings.Add(warning);
        await db.SaveChangesAsync(ct);
        return new ScopeRecords(asset.Id.Value, file.Id, project.Id.Value, contract.Id.Value, disposal.Id.Value, certificate.Id.Value, noticed.Id.Value, objection.Id, posted.Id.Value, batch.Id.Value,
            job.Id.Value, assessment.Id.Value, agreement.Id.Value, inspection.Id.Value, finding.Id.Value, warning.Id);
    }
}
