using RuralLedger.Core.Accounts;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;

namespace RuralLedger.Core.Tests.Credit;

public sealed class LoanTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly PersonalDataVault Vault = PersonalDataVault.CreateRandom();
    private static readonly IReadOnlyList<CreditPolicyVersion> Programmes = CreditSeed.Programmes("522699", Now);
    private static readonly LprQuote Lpr2025 = LprQuote.InForce(CreditSeed.LprQuotes(), new DateOnly(2025, 3, 10))!;

    private static (Household Household, Member Head) Family(DateOnly birth)
    {
        var household = new Household("5226990010019999", DivisionCode.Parse("522699001001"), null, HouseholdType.General, PovertyStatus.Exited,
            new DateOnly(2016, 3, 1), Now.AddYears(-5), "测试");
        var head = household.AddMember("龙一", CitizenId.Compose("522699", birth, 11), Relation.Head, LabourAbility.Normal, Health.Healthy, Education.Primary, Vault);
        return (household, head);
    }

    private static Loan Apply(string amount, DateOnly on, int term = 36, DateOnly? birth = null, PovertyStatus? status = PovertyStatus.Exited, string purpose = "养殖业",
        RepaymentMethod method = RepaymentMethod.QuarterlyInterestBullet)
    {
        var (household, head) = Family(birth ?? new DateOnly(1980, 5, 1));
        var policy = CreditPolicyVersion.InForce(Programmes, on)!;
        return new Loan("XD522699-2025-00001", household, head, status, policy,
            new LoanRequest(Money.Parse(amount), term, method, purpose, null, on, on, "DEMO-RCC-0001", "县农村信用合作联社"), null, "村干部", Now);
    }

    private static Loan Disbursed(RepaymentMethod method = RepaymentMethod.QuarterlyInterestBullet)
    {
        var loan = Apply("50000.00", new DateOnly(2025, 3, 3), method: method);
        loan.Review(ApprovalStep.Approve(Role.VillageOfficer, new DateOnly(2025, 3, 4), "村", null), Now);
        loan.Review(ApprovalStep.Approve(Role.TownshipOfficer, new DateOnly(2025, 3, 5), "乡", null), Now);
        loan.Review(ApprovalStep.Approve(Role.CountyStaff, new DateOnly(2025, 3, 6), "县", null), Now);
        var policy = Programmes[0];
        loan.Approve(Rate.FromBasisPoints(310), 36, Lpr2025, policy, new DateOnly(2025, 3, 10), "银行", null, Now);
        loan.Disburse(new DateOnly(2025, 3, 20), Money.FromYuan(50_000m), [1], [2], "6217****0123", policy, "银行", Now);
        return loan;
    }

    [Fact]
    public void An_application_is_judged_by_the_version_in_force_on_its_date()
    {
        var refused = () => Apply("50000.01", new DateOnly(2025, 6, 1));
        refused.Should().Throw<DomainException>().Which.Code.Should().Be(LoanErrors.OverLimit);

        var helped = Apply("100000.00", new DateOnly(2026, 3, 1));
        helped.Programme.Should().Be("帮扶小额信贷");
        Apply("50000.00", new DateOnly(2026, 2, 27)).Programme.Should().Be("脱贫人口小额信贷", "the last day of the first programme");
        ((Action)(() => Apply("50000.01", new DateOnly(2026, 2, 27)))).Should().Throw<DomainException>().Which.Code.Should().Be(LoanErrors.OverLimit);
    }

    [Theory]
    [InlineData("2008-06-02", "loans.age")] // 17 on 2025-06-01 (18 the next day)
    [InlineData("1959-05-31", "loans.age")] // 66 on 2025-06-01
    [InlineData("2007-06-01", null)]        // 18 on the day
    [InlineData("1959-06-02", null)]        // 65, one day short of 66
    public void The_borrower_is_18_to_65_inclusive_on_the_application_date(string birth, string? code)
    {
        var apply = () => Apply("1000", new DateOnly(2025, 6, 1), 12, DateOnly.Parse(birth, System.Globalization.CultureInfo.InvariantCulture));
        if (code is null)
        {
            apply.Should().NotThrow();
        }
        else
        {
            apply.Should().Throw<DomainException>().Which.Code.Should().Be(code);
        }
    }

    [Fact]
    public void Terms_uses_and_households_outside_the_policy_are_refused_with_codes()
    {
        ((Action)(() => Apply("1000", new DateOnly(2025, 6, 1), 0))).Should().Throw<DomainException>().Which.Code.Should().Be(LoanErrors.Term);
        ((Action)(() => Apply("1000", new DateOnly(2025, 6, 1), 37))).Should().Throw<DomainException>().Which.Code.Should().Be(LoanErrors.Term);
        ((Action)(() => Apply("1000", new DateOnly(2025, 6, 1), purpose: "婚嫁"))).Should().Throw<DomainException>().Which.Code.Should().Be(LoanErrors.ProhibitedUse);
        ((Action)(() => Apply("1000", new DateOnly(2025, 6, 1), purpose: "炒股"))).Should().Throw<DomainException>().Which.Code.Should().Be(LoanErrors.UnknownUse);
        ((Action)(() => Apply("1000", new DateOnly(2025, 6, 1), status: PovertyStatus.RiskRemoved))).Should().Throw<DomainException>().Which.Code.Should().Be(LoanErrors.NotEligible);
        ((Action)(() => Apply("1000", new DateOnly(2025, 6, 1), status: null))).Should().Throw<DomainException>().Which.Code.Should().Be(LoanErrors.NotEligible);
    }

    [Fact]
    public void Steps_out_of_order_are_refused_and_the_rate_may_not_exceed_the_lpr_of_the_term()
    {
        var loan = Apply("50000", new DateOnly(2025, 3, 3));
        ((Action)(() => loan.Review(ApprovalStep.Approve(Role.TownshipOfficer, new DateOnly(2025, 3, 4), "乡", null), Now)))
            .Should().Throw<ConflictException>().Which.Code.Should().Be(LoanErrors.WrongRole);
        ((Action)(() => loan.Disburse(new DateOnly(2025, 3, 4), Money.FromYuan(1m), [1], [2], "x", Programmes[0], "银行", Now)))
            .Should().Throw<ConflictException>().Which.Code.Should().Be(LoanErrors.WrongStep);
        loan.Review(ApprovalStep.Approve(Role.VillageOfficer, new DateOnly(2025, 3, 4), "村", null), Now);
        loan.Review(ApprovalStep.Approve(Role.TownshipOfficer, new DateOnly(2025, 3, 5), "乡", null), Now);
        loan.Review(ApprovalStep.Approve(Role.CountyAdmin, new DateOnly(2025, 3, 6), "县", null), Now);
        ((Action)(() => loan.Approve(Rate.FromBasisPoints(311), 36, Lpr2025, Programmes[0], new DateOnly(2025, 3, 10), "银行", null, Now)))
            .Should().Throw<DomainException>().Which.Code.Should().Be(LoanErrors.RateCeiling);
        loan.Decline(new DateOnly(2025, 3, 10), "银行", "借款人有未结清贷款", Now);
        loan.Status.Should().Be(LoanStatus.Declined);
        loan.Steps.Select(s => s.Kind).Should().Equal(LoanStepKind.Application, LoanStepKind.VillageReview, LoanStepKind.TownshipReview, LoanStepKind.CountyReview,
            LoanStepKind.BankDecision);
    }

    [Fact]
    public void Repayments_go_interest_first_and_late_interest_is_split_from_on_time_interest()
    {
        var loan = Disbursed();

        var first = loan.Repay(new DateOnly(2025, 6, 20), Money.Zero, Money.FromFen(39_611), "银行", Now);
        first.InterestOnTime.Fen.Should().Be(39_611);
        ((Action)(() => loan.Repay(new DateOnly(2025, 9, 25), Money.FromYuan(100m), Money.Zero, "银行", Now)))
            .Should().Throw<DomainException>().Which.Code.Should().Be(LoanErrors.InterestFirst);
        var late = loan.Repay(new DateOnly(2025, 9, 25), Money.Zero, Money.FromFen(39_611), "银行", Now);
        late.InterestLate.Fen.Should().Be(39_611);
        late.InterestOnTime.Should().Be(Money.Zero);
        ((Action)(() => loan.Repay(new DateOnly(2025, 10, 1), Money.FromYuan(50_000.01m), Money.Zero, "银行", Now)))
            .Should().Throw<DomainException>().Which.Code.Should().Be(LoanErrors.Overpaid);
        ((Action)(() => loan.Repay(new DateOnly(2025, 3, 19), Money.Zero, Money.FromFen(1), "银行", Now)))
            .Should().Throw<DomainException>().Which.Code.Should().Be(LoanErrors.BeforeDisbursement);

        loan.Schedule.First().SettledOn.Should().Be(new DateOnly(2025, 6, 20));
        loan.Schedule.Skip(2).First().DaysOverdue(new DateOnly(2026, 1, 19)).Should().Be(30, "due 2025-12-20, unpaid");
    }

    [Fact]
    public void Paying_everything_closes_the_loan_and_a_closed_loan_takes_no_repayment()
    {
        var loan = Disbursed();
        foreach (var line in loan.Schedule.ToList())
        {
            loan.Repay(line.DueOn, line.Principal, line.Interest, "银行", Now);
        }
        loan.Status.Should().Be(LoanStatus.Repaid);
        loan.PrincipalOutstanding.Should().Be(Money.Zero);
        ((Action)(() => loan.Repay(new DateOnly(2028, 4, 1), Money.Zero, Money.FromFen(1), "银行", Now)))
            .Should().Throw<ConflictException>().Which.Code.Should().Be(LoanErrors.Closed);
    }

    [Fact]
    public void An_extension_re_derives_the_schedule_from_the_remaining_principal_once()
    {
        var loan = Disbursed();
        loan.Repay(new DateOnly(2025, 6, 20), Money.Zero, Money.FromFen(39_611), "银行", Now);
        var policy = Programmes[0];

        ((Action)(() => loan.Extend(new DateOnly(2025, 7, 1), 13, policy, "银行", "周期", Now)))
            .Should().Throw<DomainException>().Which.Code.Should().Be(LoanErrors.ExtensionMonths);
        ((Action)(() => loan.Extend(new DateOnly(2025, 7, 1), 12, policy, "银行", " ", Now)))
            .Should().Throw<DomainException>().Which.Code.Should().Be(LoanErrors.ReasonRequired);
        loan.Extend(new DateOnly(2025, 7, 1), 12, policy, "银行", "养殖周期延长", Now);

        loan.MaturityOn.Should().Be(new DateOnly(2029, 3, 20));
        loan.Status.Should().Be(LoanStatus.Extended);
        var live = loan.Schedule.ToList();
        live[0].DueOn.Should().Be(new DateOnly(2025, 6, 20), "the paid instalment stays");
        live[1].PeriodStart.Should().Be(new DateOnly(2025, 6, 20));
        live.Should().HaveCount(16);
        Money.Sum(live.Select(i => i.Principal)).Should().Be(Money.FromYuan(50_000m));
        loan.Instalments.Count(i => i.Superseded).Should().Be(11);
        ((Action)(() => loan.Extend(new DateOnly(2025, 8, 1), 6, policy, "银行", "再次", Now)))
            .Should().Throw<ConflictException>().Which.Code.Should().Be(LoanErrors.ExtensionLimit);
    }

    /// <summary>
    /// The repayment import reads only the lines due by its file's last day when the file's totals fit in them
    /// (<see cref="RepayingLoan.Reaches"/>): it must then do exactly what the whole loan does — the same splits, the same
    /// errors, the same lines paid — and never settle a loan it holds only part of. Random files over each method, with
    /// late, partial and early payments, settlements and payments that must be refused.
    /// </summary>
    [Theory]
    [InlineData(RepaymentMethod.QuarterlyInterestBullet)]
    [InlineData(RepaymentMethod.EqualInstalment)]
    [InlineData(RepaymentMethod.EqualPrincipal)]
    public void A_loan_read_only_up_to_the_files_last_day_repays_as_the_whole_loan_does(RepaymentMethod method)
    {
        var partial = 0;
        for (var seed = 0; seed < 150; seed++)
        {
            var random = new Random(seed);
            var loan = Disbursed(method);
            var lines = loan.Schedule.ToList();
            // History before the file: the first lines paid on their due dates.
            var paidBefore = random.Next(0, lines.Count / 2);
            foreach (var line in lines.Take(paidBefore))
            {
                loan.Repay(line.DueOn, line.Principal, line.Interest, "银行", Now);
            }
            var horizonLine = lines[Math.Min(lines.Count - 1, paidBefore + random.Next(0, 4))];
            var file = new List<(DateOnly On, Money Principal, Money Interest)>();
            foreach (var line in lines.Skip(paidBefore).Where(l => l.DueOn <= horizonLine.DueOn))
            {
                var on = line.DueOn.AddDays(random.Next(-5, 15));
                var share = random.Next(4) == 0 ? 2 : 1; // now and then half
                file.Add((on, Money.FromFen(line.Principal.Fen / share), Money.FromFen(line.Interest.Fen / share)));
            }
            var last = file.Count == 0 ? horizonLine.DueOn : file.Max(f => f.On);
            switch (random.Next(5))
            {
                case 0: // settles: all principal left, with the interest still owed
                    file.Add((last, loan.DisbursedAmount - loan.PrincipalRepaid - Money.Sum(file.Select(f => f.Principal)), Money.FromFen(random.Next(0, 50_000))));
                    break;
                case 1: // interest of a line not yet due
                    file.Add((last, Money.Zero, Money.FromFen(random.Next(1, 80_000))));
                    break;
                case 2: // more principal than is left: refused
                    file.Add((last, loan.DisbursedAmount, Money.Zero));
                    break;
            }
            var dueBy = file.Max(f => f.On);
            var open = loan.Schedule.Where(i => i.PrincipalPaid < i.Principal || i.InterestPaid < i.Interest || i.Interest == Money.Zero).ToList();
            RepayingLoan Copy(bool oldestOnly) => new(loan.Id, loan.Number, loan.CountyCode, loan.TownshipCode, loan.VillageCode, loan.BankCode, loan.Status,
                loan.DisbursedOn, loan.DisbursedAmount, loan.PrincipalRepaid, loan.InterestRepaid, loan.Version, loan.Steps.Count,
                open.Where(i => !oldestOnly || i.DueOn <= dueBy).Select(i => LoanInstalment.Stored(i.Id, i.LoanId, i.Seq, i.PeriodStart, i.DueOn, i.Principal, i.Interest,
                    i.PrincipalPaid, i.InterestPaid, i.SettledOn)).ToList(), allLines: !oldestOnly);
            var oldest = Copy(oldestOnly: true);
            var reader = oldest.Reaches(Money.Sum(file.Select(f => f.Principal)), Money.Sum(file.Select(f => f.Interest))) ? oldest : Copy(oldestOnly: false);
            partial += reader == oldest ? 1 : 0;
            foreach (var (on, principal, interest) in file.OrderBy(f => f.On))
            {
                var whole = Outcome(() => loan.Repay(on, principal, interest, "银行", Now));
                var read = Outcome(() => reader.Repay(on, principal, interest, "银行", Now));
                read.Should().Be(whole, $"seed {seed}, {method}, {BusinessCalendar.Format(on)} {principal} {interest}");
            }
            reader.Status.Should().Be(loan.Status, $"seed {seed}");
            reader.PrincipalRepaid.Should().Be(loan.PrincipalRepaid);
            foreach (var line in reader.Open)
            {
                var same = loan.Instalments.Single(i => i.Seq == line.Seq);
                (line.PrincipalPaid, line.InterestPaid, line.SettledOn, line.Superseded).Should().Be((same.PrincipalPaid, same.InterestPaid, same.SettledOn, same.Superseded));
            }
        }
        partial.Should().BeGreaterThan(30, "files without a settlement, a prepayment or an overpayment fit in the lines due by their last day");
    }

    private static string Outcome(Func<RepaymentSplit> repay)
    {
        try
        {
            return repay().ToString();
        }
        catch (DomainException e)
        {
            return e.Code;
        }
    }

    [Fact]
    public void Aging_buckets_are_data_and_label_their_ranges()
    {
        var buckets = AgingBuckets.Parse("30,90,180,360");
        new[] { 0, 1, 30, 31, 90, 91, 180, 181, 360, 361 }.Select(d => buckets.IndexOf(d)).Should().Equal(null, 0, 0, 1, 1, 2, 2, 3, 3, 4);
        Enumerable.Range(0, buckets.Count).Select(buckets.Label).Should().Equal("1–30 天", "31–90 天", "91–180 天", "181–360 天", "360 天以上");
        ((Action)(() => AgingBuckets.Parse("90,30"))).Should().Throw<DomainException>().Which.Code.Should().Be("loans.aging_buckets");

        var loan = Disbursed();
        loan.Repay(new DateOnly(2025, 6, 20), Money.Zero, Money.FromFen(39_611), "银行", Now);
        loan.Repay(new DateOnly(2025, 9, 20), Money.Zero, Money.FromFen(10_000), "银行", Now);
        var lines = loan.Schedule.Select(i => new InstalmentDue(loan.Id, i.Seq, i.DueOn, i.Principal, i.Interest, i.PrincipalPaid, i.InterestPaid)).ToList();
        var aged = LoanAging.Age(lines, new DateOnly(2026, 1, 19), buckets);
        aged.Select(a => (a.Seq, a.DaysOverdue, a.Bucket)).Should().Equal((2, 121, 2), (3, 30, 0));
        aged[0].InterestOverdue.Should().Be(loan.Schedule.ElementAt(1).Interest - Money.FromFen(10_000), "the part paid is not overdue");
        aged[0].PrincipalOverdue.Should().Be(Money.Zero);
        var totals = LoanAging.Totals(aged, buckets);
        totals.Select(t => t.Instalments).Should().Equal(1, 0, 1, 0, 0);
        totals.Select(t => t.Loans).Should().Equal(1, 0, 1, 0, 0);
        Money.Sum(totals.Select(t => t.Amount)).Should().Be(Money.Sum(aged.Select(a => a.Overdue)));
    }
}
