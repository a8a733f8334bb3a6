using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Supervision;

namespace RuralLedger.Core.Tests.Supervision;

public sealed class FindingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly DivisionCode Village = DivisionCode.Parse("522699001001");

    private static Finding NewFinding(DateOnly deadline) =>
        new Inspection(InspectionTarget.Village, 522699001001, "混寨村", "522699", Village.TownshipOf(), Village, null, new DateOnly(2026, 11, 1), "抽查", "审计员", Now)
            .AddFinding(FindingCategory.AssetIdle, Money.FromYuan(100m), "冷库闲置", "村委会", "村长", deadline, "审计员", Now);

    [Fact]
    public void Rectification_goes_open_submitted_returned_submitted_accepted_and_refuses_other_steps_by_state()
    {
        var finding = NewFinding(new DateOnly(2026, 12, 1));
        finding.Status.Should().Be(FindingStatus.Open);
        finding.Invoking(f => f.Accept("审计员", Now)).Should().Throw<ConflictException>().Which.Code.Should().Be("supervision.bad_step");

        finding.Submit("已发包", "村干部", Now);
        finding.Invoking(f => f.Submit("再交一次", "村干部", Now)).Should().Throw<ConflictException>().WithMessage("问题当前为“待复核”，不能提交整改。");
        finding.Invoking(f => f.Return(" ", "审计员", Now)).Should().Throw<DomainException>().Which.Code.Should().Be("reason.required");
        finding.Return("合同未附", "审计员", Now);
        finding.Status.Should().Be(FindingStatus.Returned);
        finding.ReturnReason.Should().Be("合同未附");

        finding.Submit("已附合同", "村干部", Now);
        finding.Accept("审计员", Now);
        finding.Status.Should().Be(FindingStatus.Accepted);
        finding.Rounds.Should().Be(2);
        finding.Version.Should().Be(4);
        finding.OverdueOn(new DateOnly(2027, 1, 1)).Should().BeFalse("a closed finding is never overdue");
    }

    [Fact]
    public void A_finding_is_overdue_after_its_deadline_and_its_deadline_is_not_before_the_inspection()
    {
        NewFinding(new DateOnly(2026, 12, 1)).OverdueOn(new DateOnly(2026, 12, 2)).Should().BeTrue();
        NewFinding(new DateOnly(2026, 12, 1)).OverdueOn(new DateOnly(2026, 12, 1)).Should().BeFalse();
        FluentActions.Invoking(() => NewFinding(new DateOnly(2026, 10, 31))).Should().Throw<DomainException>().Which.Field.Should().Be("deadline");
    }

    [Fact]
    public void Photos_are_judged_by_their_first_bytes()
    {
        SupervisionFile.SniffImage([0xFF, 0xD8, 0xFF, 0xE1]).Should().Be("image/jpeg");
        SupervisionFile.SniffImage([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]).Should().Be("image/png");
        SupervisionFile.SniffImage("RIFF\0\0\0\0WEBPVP8 "u8).Should().Be("image/webp");
        SupervisionFile.SniffImage("%PDF-1.7"u8).Should().BeNull();
        SupervisionFile.SniffImage("RIFF\0\0\0\0WAVE"u8).Should().BeNull();
    }

    [Fact]
    public void The_rules_in_force_are_the_latest_published_version_by_date_else_the_default()
    {
        var later = new AnomalyRule("522699", RuleCodes.IdleAsset, 2, new DateOnly(2027, 1, 1), 3, Severity.Medium, true, "县局", Now);
        var now = new AnomalyRule("522699", RuleCodes.IdleAsset, 1, new DateOnly(2026, 1, 1), 12, Severity.Low, false, "县局", Now);
        var rules = AnomalyRule.InForce([later, now], new DateOnly(2026, 6, 1));
        rules.Should().HaveCount(AnomalyRule.Defaults.Count);
        rules.Single(r => r.Code == RuleCodes.IdleAsset).Should().BeSameAs(now);
        rules.Single(r => r.Code == RuleCodes.ContractArrears).Version.Should().Be(0);
        AnomalyRule.InForce([later, now], new DateOnly(2027, 1, 1)).Single(r => r.Code == RuleCodes.IdleAsset).Threshold.Should().Be(3);
        FluentActions.Invoking(() => new AnomalyRule("522699", "nope", 1, new DateOnly(2026, 1, 1), 1, Severity.Low, true, "x", Now))
            .Should().Throw<DomainException>().Which.Code.Should().Be("rules.unknown");
    }

    [Fact]
    public void A_warning_closes_once_with_its_note()
    {
        var warning = new AnomalyWarning(RuleCodes.IdleAsset, 0, Severity.High, "asset", 7, "冷库", "闲置", "/assets/7", "522699", Village.TownshipOf(), Village, Now);
        warning.Invoking(w => w.Dismiss("", "审计员", Now)).Should().Throw<DomainException>().Which.Code.Should().Be("reason.required");
        warning.Handle("已重新发包", "村干部", Now);
        warning.Status.Should().Be(WarningStatus.Handled);
        warning.Invoking(w => w.Dismiss("误报", "审计员", Now)).Should().Throw<ConflictException>().Which.Code.Should().Be("warnings.bad_step");
    }
}
