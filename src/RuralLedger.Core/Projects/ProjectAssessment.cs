using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;

namespace RuralLedger.Core.Projects;

/// <summary>One element's score (0–10) and the evidence the assessor relied on.</summary>
public sealed class AssessmentScore
{
    public const int MaxEvidence = 500;

    private AssessmentScore()
    {
        Evidence = "";
    }

    internal AssessmentScore(SelectionElement element, int score, string evidence)
    {
        Element = element;
        Score = score;
        Evidence = evidence;
    }

    public long Id { get; private set; }

    public SelectionElement Element { get; private set; }

    public int Score { get; private set; }

    public string Evidence { get; private set; }
}

/// <summary>What the assessor says about one element.</summary>
public sealed record ElementScore(SelectionElement Element, int Score, string? Evidence);

/// <summary>
/// An assessment of a planned project against the eight elements (产业发展“八要素”), before approval. It is scored
/// under the county's policy in force on the day (<see cref="PolicyVersion"/> is kept) and never changed afterwards:
/// a project returned for its weak elements is assessed again, and the latest assessment is the one that counts.
/// </summary>
public sealed class ProjectAssessment : IAreaScoped
{
    private readonly List<AssessmentScore> _scores = [];

    private ProjectAssessment()
    {
        CountyCode = "";
        AssessedBy = "";
        WeakElements = [];
    }

    /// <summary>Scores the project and marks it assessed (the project refuses unless it is still planned).</summary>
    public ProjectAssessment(Project project, SelectionPolicy policy, IReadOnlyList<ElementScore> scores, string? conclusion,
        DateOnly assessedOn, string assessedBy, DateTimeOffset assessedAt)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(scores);
        // A decided project is refused before its scores are read: the answer is "not now", whatever was sent.
        project.MarkAssessed();
        // Every wrong row is reported at once (a form shows them all), each under its field with its code.
        var v = new Validation();
        foreach (var twice in scores.GroupBy(s => s.Element).Where(g => g.Count() > 1))
        {
            v.Add("scores", $"要素“{SelectionNames.Of(twice.Key)}”评了两次。", "selection.element_twice");
        }
        foreach (var s in scores)
        {
            if (!Enum.IsDefined(s.Element))
            {
                v.Add("scores", "评分中有不属于“八要素”的要素。", "selection.element_unknown");
                continue;
            }
            var field = SelectionPolicy.FieldOf(s.Element) + ".evidence";
            var evidence = (s.Evidence ?? "").Trim();
            if (evidence.Length == 0)
            {
                v.Add(field, $"请填写“{SelectionNames.Of(s.Element)}”的评分依据。", "selection.evidence_required");
            }
            else if (evidence.Length > AssessmentScore.MaxEvidence)
            {
                v.Add(field, $"“{SelectionNames.Of(s.Element)}”的评分依据不超过 {AssessmentScore.MaxEvidence} 个字。", "assets.too_long");
            }
            else
            {
                _scores.Add(new AssessmentScore(s.Element, s.Score, evidence));
            }
        }
        SelectionResult? result = null;
        if (!v.HasErrors || scores.All(s => Enum.IsDefined(s.Element)) && scores.GroupBy(s => s.Element).All(g => g.Count() == 1))
        {
            try
            {
                result = policy.Evaluate(scores.ToDictionary(s => s.Element, s => s.Score));
            }
            catch (DomainException e)
            {
                v.Add(e, "scores");
            }
        }
        v.ThrowIfAny();
        ProjectId = project.Id;
        (CountyCode, TownshipCode, VillageCode) = project.Place;
        PolicyId = policy.Id;
        PolicyVersion = policy.Version;
        PassingScore = policy.PassingScore;
        TotalHundredths = result!.TotalHundredths;
        Passed = result.Passed;
        WeakElements = result.Weak.ToArray();
        Conclusion = ProjectRules.Optional(conclusion, "conclusion", "评估意见", AssessmentScore.MaxEvidence);
        AssessedOn = assessedOn;
        AssessedBy = assessedBy;
        AssessedAt = assessedAt;
        _scores.Sort((a, b) => a.Element.CompareTo(b.Element));
    }

    public ProjectAssessmentId Id { get; private set; }

    public ProjectId ProjectId { get; private set; }

    public string CountyCode { get; private set; }

    public DivisionCode? TownshipCode { get; private set; }

    public DivisionCode? VillageCode { get; private set; }

    public SelectionPolicyId PolicyId { get; private set; }

    public int PolicyVersion { get; private set; }

    /// <summary>The policy's passing score, copied so the assessment reads on its own.</summary>
    public int PassingScore { get; private set; }

    /// <summary>The total on 100, in hundredths of a point (6375 = 63.75), rounded half up.</summary>
    public int TotalHundredths { get; private set; }

    public bool Passed { get; private set; }

    public SelectionElement[] WeakElements { get; private set; }

    public string? Conclusion { get; private set; }

    public DateOnly AssessedOn { get; private set; }

    public string AssessedBy { get; private set; }

    public DateTimeOffset AssessedAt { get; private set; }

    public IReadOnlyList<AssessmentScore> Scores => _scores;

    public string TotalText => SelectionScore.Text(TotalHundredths);

    /// <summary>"产销对接、培训农民" — the weak elements as the returned project names them.</summary>
    public string WeakText => string.Join("、", WeakElements.Select(SelectionNames.Of));
}

/// <summary>
/// Whether a project may be approved: an industrial project needs a passing latest assessment; a kind the policy in
/// force exempts (public-welfare infrastructure by default) needs none.
/// </summary>
public static class SelectionGate
{
    public static void RequirePassed(Project project, SelectionPolicy policy, ProjectAssessment? latest)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.Exempts(project.Industry))
        {
            return;
        }
        if (latest is null)
        {
            throw new ConflictException("selection.assessment_required",
                $"{AssetNames.Of(project.Industry)}项目批复前须按产业发展“八要素”评估并通过（评估办法第 {policy.Version} 版）。", "status");
        }
        if (!latest.Passed)
        {
            throw new ConflictException("selection.failed",
                $"项目“八要素”评估未通过（{latest.TotalText} 分，及格 {latest.PassingScore} 分），已退回完善：{latest.WeakText}。", "status");
        }
    }
}

/// <summary>
/// A registered household a project plans to link (利益联结), with how it benefits and the planned benefit a year.
/// Scoped like its project. The household's number and head are copied for lists and the printed assessment.
/// </summary>
public sealed class ProjectHousehold : IAreaScoped
{
    private ProjectHousehold()
    {
        CountyCode = "";
        HouseholdNo = "";
        HeadName = "";
        LinkedBy = "";
    }

    public ProjectHousehold(Project project, Household household, BenefitKind benefit, Money plannedBenefit, string linkedBy, DateTimeOffset linkedAt)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(household);
        if (household.CountyCode != project.CountyCode)
        {
            throw new DomainException("selection.household_county", $"户 {household.HouseholdNo} 不属于本项目所在县，不能联结。", "households");
        }
        if (!Enum.IsDefined(benefit))
        {
            throw new DomainException("input.choice", "联结方式不是可选的值。", "benefitKind");
        }
        if (plannedBenefit <= Money.Zero)
        {
            throw new DomainException("selection.benefit_positive", $"户 {household.HouseholdNo} 的计划收益须大于零。", "plannedBenefit");
        }
        project.RefuseLinkingAfterAcceptance();
        ProjectId = project.Id;
        (CountyCode, TownshipCode, VillageCode) = project.Place;
        HouseholdId = household.Id;
        HouseholdNo = household.HouseholdNo;
        HeadName = household.HeadName;
        HouseholdVillageCode = household.VillageCode;
        Benefit = benefit;
        PlannedBenefit = plannedBenefit;
        LinkedBy = linkedBy;
        LinkedAt = linkedAt;
    }

    public long Id { get; private set; }

    public ProjectId ProjectId { get; private set; }

    public string CountyCode { get; private set; }

    public DivisionCode? TownshipCode { get; private set; }

    public DivisionCode? VillageCode { get; private set; }

    public HouseholdId HouseholdId { get; private set; }

    public string HouseholdNo { get; private set; }

    public string HeadName { get; private set; }

    public DivisionCode HouseholdVillageCode { get; private set; }

    public BenefitKind Benefit { get; private set; }

    /// <summary>The planned benefit for the household a year.</summary>
    public Money PlannedBenefit { get; private set; }

    public string LinkedBy { get; private set; }

    public DateTimeOffset LinkedAt { get; private set; }

    /// <summary>
    /// What an accepted project's assets say of their beneficiaries (受益对象, at most 200 characters): the count by
    /// kind and the planned total; the names stay on the project's list.
    /// </summary>
    public static string? BeneficiariesText(string projectCode, IReadOnlyCollection<ProjectHousehold> households)
    {
        ArgumentNullException.ThrowIfNull(households);
        if (households.Count == 0)
        {
            return null;
        }
        var kinds = string.Join("，", households.GroupBy(h => h.Benefit).OrderBy(g => g.Key).Select(g => $"{SelectionNames.Of(g.Key)} {g.Count()} 户"));
        var text = $"项目 {projectCode} 联结农户 {households.Count} 户（{kinds}），计划年收益合计 {Money.Sum(households.Select(h => h.PlannedBenefit))}";
        return text.Length <= 200 ? text : text[..200];
    }
}

/// <summary>A photo or document backing one element of a project's assessment, stored like an asset's files.</summary>
public sealed class ProjectEvidenceFile : IAreaScoped
{
    private ProjectEvidenceFile()
    {
        CountyCode = "";
        FileName = "";
        ContentType = "";
        Sha256 = "";
        UploadedBy = "";
        Content = [];
    }

    public ProjectEvidenceFile(Project project, SelectionElement element, string? fileName, byte[] content, string? caption, string uploadedBy, DateTimeOffset uploadedAt)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(content);
        if (!Enum.IsDefined(element))
        {
            throw new DomainException("selection.element_unknown", "请选择这份材料所证明的要素。", "element");
        }
        if (content.Length == 0)
        {
            throw new DomainException("files.empty", "文件为空。", "file");
        }
        if (content.Length > AssetFile.MaxBytes)
        {
            throw new DomainException("files.too_large", $"文件 {content.Length / 1024 / 1024.0:0.0} MB，超过 5 MB 上限。", "file");
        }
        ContentType = AssetFile.Sniff(content) ?? throw new DomainException("files.type", "只接受 JPEG、PNG 图片或 PDF 文件。", "file");
        ProjectId = project.Id;
        (CountyCode, TownshipCode, VillageCode) = project.Place;
        Element = element;
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/')).Trim();
        FileName = name.Length is 0 or > 120 ? "依据材料" + (ContentType == "application/pdf" ? ".pdf" : ContentType == "image/png" ? ".png" : ".jpg") : name;
        Caption = ProjectRules.Optional(caption, "caption", "说明", 100);
        Content = content;
        Size = content.Length;
        Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));
        UploadedBy = uploadedBy;
        UploadedAt = uploadedAt;
    }

    public long Id { get; private set; }

    public ProjectId ProjectId { get; private set; }

    public string CountyCode { get; private set; }

    public DivisionCode? TownshipCode { get; private set; }

    public DivisionCode? VillageCode { get; private set; }

    public SelectionElement Element { get; private set; }

    public string FileName { get; private set; }

    public string ContentType { get; private set; }

    public string? Caption { get; private set; }

    public int Size { get; private set; }

    public string Sha256 { get; private set; }

    public byte[] Content { get; private set; }

    public string UploadedBy { get; private set; }

    public DateTimeOffset UploadedAt { get; private set; }
}
