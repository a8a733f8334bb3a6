using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Supervision;

namespace RuralLedger.Data.Demo;

public sealed record DemoInspectionResult(int Campaigns, int Inspections, int Cases, int Rectified, int Dismissed);

/// <summary>
/// The seed's "开展了10余次专项检查，发现并纠正了多起违规使用贷款资金的行为": twelve special inspection campaigns of the demo
/// county's loans from 2022 to this year, each visiting loans that were out at the time; most money is found as declared,
/// some partly diverted or idle, a few diverted or handed to an enterprise (户贷企用). Those open cases the way a recorded
/// inspection does; the older ones are confirmed and rectified (recovered, converted to the household's own use, called in)
/// or dismissed with the reason found, the recent ones still open or within their deadline. Runs after the credit demo;
/// deterministic (seeded random, loans in number order); four saves.
/// </summary>
public sealed class DemoInspectionLoader(RuralDbContext db, TimeProvider clock)
{
    private const string Inspectors = "乡镇干部（演示）、信用社客户经理（演示）";

    private static readonly (int Year, int Month, int Day, string Name)[] Campaigns =
    [
        (2022, 4, 15, "2022 年春季小额信贷资金使用专项检查"),
        (2022, 9, 13, "2022 年“户贷企用”专项排查"),
        (2023, 3, 20, "2023 年扶贫小额信贷贷后管理专项检查"),
        (2023, 7, 11, "2023 年小额信贷资金流向专项核查"),
        (2023, 11, 7, "2023 年到期贷款风险专项排查"),
        (2024, 4, 9, "2024 年小额信贷用途合规专项检查"),
        (2024, 8, 20, "2024 年“户贷企用”问题整改回头看"),
        (2024, 11, 12, "2024 年产业发展贷款使用专项检查"),
        (2025, 3, 18, "2025 年春耕期间贷款用途专项检查"),
        (2025, 9, 9, "2025 年小额信贷资金安全专项检查"),
        (2026, 5, 12, "2026 年小额信贷“回头看”专项检查"),
        (2026, 10, 20, "2026 年秋季贷后用途专项检查"),
    ];

    private static readonly string[] Enterprises = ["县油茶开发有限公司", "县黄桃种植专业合作社", "县生猪养殖有限公司"];

    private static readonly string[] DismissReasons =
    [
        "经核实，所购饲料暂存亲属家中，资金用于申报的养殖项目，不属挪用。",
        "经核实，合作社为农户代购种苗，有购销合同和收据，款项已用于农户自家种植，不属户贷企用。",
        "经核实，转出款项为农户购买农机的分期货款，用途与申报一致。",
    ];

    public async Task<DemoInspectionResult> LoadAsync(string county, CancellationToken ct)
    {
        var today = BusinessCalendar.Today(clock);
        var now = clock.GetUtcNow();
        var by = db.Access.ActorName;
        var random = new Random(15);
        var loans = await db.Loans.AsNoTracking().Where(l => l.CountyCode == county && l.DisbursedOn != null).OrderBy(l => l.Number).ToListAsync(ct);

        // The county's plan as a published version, so the plan page shows the document it rests on.
        db.InspectionPlanPolicies.Add(new InspectionPlanPolicy(county, new DateOnly(2021, 3, 1), 6, 12, "县乡村振兴局〔2021〕12号", by, now));
        var campaigns = Campaigns.Select(c => (Start: new DateOnly(c.Year, c.Month, c.Day), Campaign: new InspectionCampaign(county, c.Name, c.Year, by, now)))
            .Where(c => c.Start.AddDays(20) < today).ToList();
        db.InspectionCampaigns.AddRange(campaigns.Select(c => c.Campaign));
        await SaveAsync(ct);

        var visits = new List<(Loan Loan, InspectionCampaignId Campaign, DateOnly On, InspectionConclusion Conclusion, string Use)>();
        var cased = new HashSet<LoanId>();
        foreach (var (start, campaign) in campaigns)
        {
            // Loans out on the campaign's first day and disbursed a month before it, some 16–24 of them.
            var lent = loans.Where(l => l.DisbursedOn!.Value.AddDays(30) <= start && (l.ClosedOn is null || l.ClosedOn > start)).ToList();
            foreach (var loan in lent.OrderBy(_ => random.Next()).Take(random.Next(16, 25)).OrderBy(l => l.Number, StringComparer.Ordinal))
            {
                var roll = random.Next(100);
                var conclusion = roll switch
                {
                    < 80 => InspectionConclusion.AsDeclared,
                    < 86 => InspectionConclusion.PartlyDiverted,
                    < 91 => InspectionConclusion.Idle,
                    < 96 => InspectionConclusion.Diverted,
                    _ => InspectionConclusion.EnterpriseUse,
                };
                // A loan whose diversion was found once is followed up, not found diverted again.
                if (InspectionNames.OpensCase(conclusion) && !cased.Add(loan.Id))
                {
                    conclusion = InspectionConclusion.AsDeclared;
                }
                visits.Add((loan, campaign.Id, start.AddDays(random.Next(0, 20)), conclusion, Use(loan, conclusion, random)));
            }
        }

        var cases = new Dictionary<LoanId, UsageCase>();
        var (rectified, dismissed) = (0, 0);
        foreach (var (loan, _, on, conclusion, use) in visits.Where(v => InspectionNames.OpensCase(v.Conclusion)))
        {
            var found = UsageCase.FromInspection(loan, $"{BusinessCalendar.Format(on)} 检查：{InspectionNames.Of(conclusion)}，实际用于{use}", on,
                "乡镇干部（演示）", now);
            var decidedOn = on.AddDays(random.Next(7, 21));
            var k = cases.Count;
            if (on.AddDays(120) > today)
            {
                // Recent: half still to be verified, half confirmed and within their deadline.
                if (k % 2 == 0 && decidedOn <= today)
                {
                    found.Confirm("乡镇金融工作站站长（演示）", decidedOn.AddDays(90), decidedOn, "经入户核实，贷款资金未用于申报项目。", "乡镇干部（演示）");
                }
            }
            else if (k % 5 == 1)
            {
                found.Dismiss(decidedOn, DismissReasons[dismissed++ % DismissReasons.Length], "乡镇干部（演示）");
            }
            else
            {
                found.Confirm("乡镇金融工作站站长（演示）", decidedOn.AddDays(60), decidedOn, "经入户核实，贷款资金未用于申报项目。", "乡镇干部（演示）");
                // One in ten is still not rectified past its deadline: the overdue list has something real.
                if (k % 10 != 3)
                {
                    var how = (Rectification)(rectified++ % 3 + 1);
                    found.Rectify(how, decidedOn.AddDays(random.Next(20, 56)), how switch
                    {
                        Rectification.Recovered => "挪用资金已全部退回贷款账户，由农户按申报用途使用。",
                        Rectification.ConvertedToOwn => "企业已退回资金，农户用于自家养殖，乡镇已复查。",
                        Rectification.CalledIn => "银行已按合同提前收回贷款本息。",
                    }, "乡镇干部（演示）");
                }
            }
            cases[loan.Id] = found;
        }
        db.UsageCases.AddRange(cases.Values);
        await SaveAsync(ct);

        var inspections = new List<LoanInspection>();
        foreach (var (loan, campaign, on, conclusion, use) in visits)
        {
            var inspection = new LoanInspection(loan, campaign, null, on, Inspectors, use, null, null, Statement(conclusion), conclusion,
                FollowUp(conclusion), "乡镇干部（演示）", now);
            if (InspectionNames.OpensCase(conclusion))
            {
                inspection.LinkCase(cases[loan.Id].Id);
            }
            inspections.Add(inspection);
        }
        foreach (var chunk in inspections.Chunk(500))
        {
            db.LoanInspections.AddRange(chunk);
            await SaveAsync(ct);
        }
        return new DemoInspectionResult(campaigns.Count, inspections.Count, cases.Count, cases.Values.Count(c => c.Status == UsageCaseStatus.Rectified),
            cases.Values.Count(c => c.Status == UsageCaseStatus.Dismissed));
    }

    private static string Use(Loan loan, InspectionConclusion conclusion, Random random) => conclusion switch
    {
        InspectionConclusion.AsDeclared => loan.Purpose,
        InspectionConclusion.PartlyDiverted => loan.Purpose + "，部分用于家庭生活开支",
        InspectionConclusion.Idle => "存于银行账户，尚未使用",
        InspectionConclusion.Diverted => random.Next(2) == 0 ? "建房" : "归还亲友借款",
        InspectionConclusion.EnterpriseUse => "转入" + Enterprises[random.Next(Enterprises.Length)] + "入股",
    };

    private static string? Statement(InspectionConclusion conclusion) => conclusion switch
    {
        InspectionConclusion.AsDeclared => null,
        InspectionConclusion.PartlyDiverted => "农户称孩子上学急用，先垫付了一部分。",
        InspectionConclusion.Idle => "农户称等开春再买种苗，钱先存着。",
        InspectionConclusion.Diverted => "农户称家里急用，打算以后再搞养殖。",
        InspectionConclusion.EnterpriseUse => "农户称贷款交给企业，每年领取固定分红。",
    };

    private static string? FollowUp(InspectionConclusion conclusion) => conclusion switch
    {
        InspectionConclusion.AsDeclared => null,
        InspectionConclusion.PartlyDiverted => "责令 30 日内将挪用部分投入申报项目，下次检查复核。",
        InspectionConclusion.Idle => "督促尽快投入生产；闲置超过 3 个月的，建议银行提前收回。",
        InspectionConclusion.Diverted => "报县金融办，限期收回挪用资金。",
        InspectionConclusion.EnterpriseUse => "约谈企业负责人，督促退回资金，报县金融办核实。",
    };

    private async Task SaveAsync(CancellationToken ct)
    {
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }
}
