using RuralLedger.Core.Accounts;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Projects;

namespace RuralLedger.Core.Disposals;

/// <summary>
/// 资产处置: a case (disaster, end of life, poor returns, plan change) and a method (auction, transfer, change of
/// use, scrap), carried through three recorded steps — the villager representatives' resolution, township
/// approval and county approval — before it can complete. Proceeds return to the owner as income.
/// </summary>
public sealed class Disposal : IAreaScoped
{
    private Disposal()
    {
        CountyCode = "";
        Reason = "";
        ProposedBy = "";
    }

    public Disposal(Asset asset, DisposalCase disposalCase, DisposalMethod method, string? reason, DateOnly proposedOn, string proposedBy)
    {
        ArgumentNullException.ThrowIfNull(asset);
        if (asset.Status == AssetStatus.Disposed)
        {
            throw new DomainException("disposals.already_disposed", "资产已处置。", "assetId");
        }
        AssetId = asset.Id;
        (CountyCode, TownshipCode, VillageCode) = asset.Place;
        Case = disposalCase;
        Method = method;
        Reason = ProjectRules.Text(reason, "reason", "处置理由", 500);
        ProposedOn = proposedOn;
        ProposedBy = proposedBy;
        Status = DisposalStatus.Proposed;
    }

    public DisposalId Id { get; private set; }

    public string CountyCode { get; private set; }

    public DivisionCode? TownshipCode { get; private set; }

    public DivisionCode? VillageCode { get; private set; }

    public AssetId AssetId { get; private set; }

    public DisposalCase Case { get; private set; }

    public DisposalMethod Method { get; private set; }

    public string Reason { get; private set; }

    public DateOnly ProposedOn { get; private set; }

    public string ProposedBy { get; private set; }

    public DisposalStatus Status { get; private set; }

    /// <summary>村民代表会议: date, representatives present of those entitled, votes in favour.</summary>
    public DateOnly? ResolutionOn { get; private set; }

    public int? RepresentativesTotal { get; private set; }

    public int? RepresentativesPresent { get; private set; }

    public int? VotesFor { get; private set; }

    public string? ResolutionNote { get; private set; }

    public DateOnly? TownshipApprovedOn { get; private set; }

    public string? TownshipApprover { get; private set; }

    public string? TownshipOpinion { get; private set; }

    public DateOnly? CountyApprovedOn { get; private set; }

    public string? CountyApprover { get; private set; }

    public string? CountyOpinion { get; private set; }

    public DateOnly? CompletedOn { get; private set; }

    public Money Proceeds { get; private set; }

    public string? Buyer { get; private set; }

    public string? RejectedReason { get; private set; }

    public int Version { get; private set; }

    /// <summary>The villager representatives' resolution, once it carried.</summary>
    public VillageMeeting? Resolution => VillageMeeting.Stored(ResolutionOn, RepresentativesTotal, RepresentativesPresent, VotesFor);

    public ApprovalStep? TownshipApproval => ApprovalStep.Stored(Role.TownshipOfficer, TownshipApprovedOn, TownshipApprover, TownshipOpinion);

    public ApprovalStep? CountyApproval => ApprovalStep.Stored(Role.CountyStaff, CountyApprovedOn, CountyApprover, CountyOpinion);

    public static readonly MeetingRefusals ResolutionRefusals = new("disposals.counts", "disposals.quorum", "disposals.majority", "决议");

    /// <summary>The representatives' meeting: see <see cref="VillageMeeting"/> for when it is valid and carried.</summary>
    public void RecordResolution(DateOnly on, int total, int present, int votesFor, string? note)
    {
        Expect(DisposalStatus.Proposed, "记录村民代表会议决议");
        if (on < ProposedOn)
        {
            throw new DomainException("disposals.date_order", "决议日期不能早于提出日期。", "resolutionOn");
        }
        var meeting = VillageMeeting.Carried(on, total, present, votesFor, ResolutionRefusals);
        ResolutionOn = meeting.On;
        RepresentativesTotal = meeting.Entitled;
        RepresentativesPresent = meeting.Present;
        VotesFor = meeting.InFavour;
        ResolutionNote = ProjectRules.Optional(note, "note", "会议记录", 1000);
        Status = DisposalStatus.ResolutionPassed;
        Version++;
    }

    public void ApproveByTownship(DateOnly on, string approver, string? opinion)
    {
        Expect(DisposalStatus.ResolutionPassed, "乡镇审核");
        if (on < ResolutionOn)
        {
            throw new DomainException("disposals.date_order", "乡镇审核日期不能早于决议日期。", "on");
        }
        var step = ApprovalStep.Approve(Role.TownshipOfficer, on, approver, opinion);
        (TownshipApprovedOn, TownshipApprover, TownshipOpinion) = (step.On, step.By, step.Opinion);
        Status = DisposalStatus.TownshipApproved;
        Version++;
    }

    public void ApproveByCounty(DateOnly on, string approver, string? opinion)
    {
        Expect(DisposalStatus.TownshipApproved, "县级审批");
        if (on < TownshipApprovedOn)
        {
            throw new DomainException("disposals.date_order", "县级审批日期不能早于乡镇审核日期。", "on");
        }
        var step = ApprovalStep.Approve(Role.CountyStaff, on, approver, opinion);
        (CountyApprovedOn, CountyApprover, CountyOpinion) = (step.On, step.By, step.Opinion);
        Status = DisposalStatus.CountyApproved;
        Version++;
    }

    public void Reject(string? reason)
    {
        if (Status is DisposalStatus.Completed or DisposalStatus.Rejected)
        {
            throw new DomainException("disposals.closed", "处置已办结。", "status");
        }
        RejectedReason = ProjectRules.Text(reason, "reason", "不予通过的理由", 500);
        Status = DisposalStatus.Rejected;
        Version++;
    }

    /// <summary>Completes the disposal: only after all three approvals. Marks the asset disposed.</summary>
    public void Complete(Asset asset, DateOnly on, Money proceeds, string? buyer, DateTimeOffset at, string by)
    {
        ArgumentNullException.ThrowIfNull(asset);
        if (Status != DisposalStatus.CountyApproved)
        {
            var missing = new List<string>();
            if (ResolutionOn is null)
            {
                missing.Add("村民代表会议决议");
            }
            if (TownshipApprovedOn is null)
            {
                missing.Add("乡镇审核");
            }
            if (CountyApprovedOn is null)
            {
                missing.Add("县级审批");
            }
            throw new DomainException("disposals.approvals_missing", Status == DisposalStatus.Rejected
                ? "处置未获通过，不能完成。"
                : "处置尚缺：" + string.Join("、", missing) + "，不能完成。", "status");
        }
        if (asset.Id != AssetId)
        {
            throw new ArgumentException("Another asset.", nameof(asset));
        }
        if (proceeds.IsNegative)
        {
            throw new DomainException("disposals.proceeds_negative", "处置收入不能为负。", "proceeds");
        }
        if (Method is DisposalMethod.Auction or DisposalMethod.Transfer && proceeds == Money.Zero)
        {
            throw new DomainException("disposals.proceeds_required", "拍卖或转让须填写处置收入。", "proceeds");
        }
        if (on < CountyApprovedOn)
        {
            throw new DomainException("disposals.date_order", "完成日期不能早于县级审批日期。", "completedOn");
        }
        Buyer = ProjectRules.Optional(buyer, "buyer", "受让方", 100);
        Proceeds = proceeds;
        CompletedOn = on;
        asset.MarkDisposed(on, $"{AssetNames.Of(Case)}，{AssetNames.Of(Method)}：{Reason}", at, by);
        Status = DisposalStatus.Completed;
        Version++;
    }

    private void Expect(DisposalStatus expected, string action)
    {
        if (Status != expected)
        {
            throw StateConflict.Of("disposals.bad_step", "处置", AssetNames.Of(Status), action);
        }
    }
}
