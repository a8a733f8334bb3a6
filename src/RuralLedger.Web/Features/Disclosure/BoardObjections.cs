using System.Globalization;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Distribution;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;
using RuralLedger.Data;
using RuralLedger.Data.Audit;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Disclosure;

/// <summary>A villager's objection from the board: a name (not checked against the registry), a phone if they want a call back, the text.</summary>
public sealed record BoardObjectionInput(string? Name, string? Phone, string? Content);

/// <summary>An objection waiting for the village's answer, as the officer's inbox lists it.</summary>
public sealed record PendingObjection(long PlanId, string PlanNumber, string PlanTitle, string Place, long ObjectionId, DateOnly FiledOn,
    string FiledBy, string? PhoneMasked, bool OnBoard, string Content, DateOnly? NoticeTo);

/// <summary>An objector's phone (none if they left none), decrypted for the officer who asked (audited); shown once, never kept in a page.</summary>
public sealed record RevealedObjectionPhone(long PlanId, long ObjectionId, string? Phone);

/// <summary>
/// Objections on a distribution notice, filed anonymously on the board. They go into the plan's own objection list
/// (<see cref="DistributionPlan.FileObjection"/>), so the officer answers them where every objection is answered and
/// the township can't approve while one is open; the answer is what the board publishes.
/// </summary>
public sealed class BoardObjections(RuralDbContext db, PersonalDataVault vault, AuditWriter audit, TimeProvider clock)
{
    public const int MaxName = 30;
    public const int MaxContent = 1000;
    private const int Attempts = 3;

    public async Task<long> FileAsync(long planId, BoardObjectionInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var v = new Validation();
        var name = (input.Name ?? "").Trim();
        var phone = (input.Phone ?? "").Replace(" ", "", StringComparison.Ordinal).Trim();
        var content = (input.Content ?? "").Trim();
        if (name.Length == 0)
        {
            v.Add("name", "请填写您的姓名。");
        }
        else if (name.Length > MaxName)
        {
            v.Add("name", $"姓名不超过 {MaxName} 个字。");
        }
        if (phone.Length > 0 && !Household.IsPhone(phone))
        {
            v.Add("phone", "联系电话应为 11 位手机号或带区号的固定电话，也可不填。");
        }
        if (content.Length == 0)
        {
            v.Add("content", "请填写异议内容。");
        }
        else if (content.Length > MaxContent)
        {
            v.Add("content", $"异议内容不超过 {MaxContent} 个字。");
        }
        v.ThrowIfAny();
        var contact = new ObjectionContact(phone.Length == 0 ? null : vault.Encrypt(phone), phone.Length == 0 ? null : Household.MaskPhone(phone));

        // Many villagers may object to one notice in the same minute: each objection moves the plan's version, so a
        // save that lost the race is tried again on the fresh plan rather than refused — it never overwrites another.
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var plan = await db.DistributionPlans.IgnoreQueryFilters()
                .FirstOrDefaultAsync(p => p.Id == new DistributionPlanId(planId) && p.Kind == PlanKind.Distribution && p.NoticeFrom != null, ct)
                ?? throw new NotFoundException("board.notice_not_found", "没有这条公示。");
            var objection = plan.FileObjection(BusinessCalendar.Today(clock), name, content, contact);
            try
            {
                await db.SaveChangesAsync(ct);
                return objection.Id;
            }
            catch (DbUpdateConcurrencyException) when (attempt < Attempts)
            {
            }
            catch (DbUpdateConcurrencyException)
            {
                throw new ConflictException("board.busy", "同时提交的异议较多，请稍后再试。");
            }
        }
    }

    /// <summary>Unanswered objections on the plans in the caller's scope, the notice ending soonest first.</summary>
    public async Task<IReadOnlyList<PendingObjection>> PendingAsync(CancellationToken ct)
    {
        var plans = await db.DistributionPlans.AsNoTracking().Where(p => p.Objections.Any(o => o.Answer == null))
            .OrderBy(p => p.NoticeTo).ThenBy(p => p.Id).Take(200).ToListAsync(ct);
        var names = await PlaceNames.LoadAsync(db, plans.SelectMany(p => new[] { p.TownshipCode, p.VillageCode }), ct);
        return plans.SelectMany(p => p.Objections.Where(o => o.Answer is null).OrderBy(o => o.Id).Select(o => new PendingObjection(
                p.Id.Value, p.Number, p.Title, PlaceNames.Of(names, p.TownshipCode, p.VillageCode), o.Id, o.FiledOn, o.FiledBy, o.PhoneMasked, o.OnBoard,
                o.Content, p.NoticeTo)))
            .ToList();
    }

    /// <summary>
    /// The full phone of an objection, for the officer calling the villager back: the plan through the scope filter (another
    /// village's is not found), an audit row naming the officer before the number leaves the server.
    /// </summary>
    public async Task<RevealedObjectionPhone> RevealPhoneAsync(long planId, long objectionId, CancellationToken ct)
    {
        var id = new DistributionPlanId(planId);
        var found = await db.DistributionPlans.AsNoTracking().Where(p => p.Id == id)
                .SelectMany(p => p.Objections.Where(o => o.Id == objectionId), (p, o) => new { p.CountyCode, o.PhoneCipher }).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("board.objection_not_found", "没有这条异议，或它不在您的权限范围内。");
        await audit.AppendAsync(db, [new AuditRecord(found.CountyCode, "unmask", nameof(Objection), objectionId.ToString(CultureInfo.InvariantCulture), null,
            Json.Object(("field", "phone")))], ct);
        return new RevealedObjectionPhone(planId, objectionId, found.PhoneCipher is { } cipher ? vault.Decrypt(cipher) : null);
    }
}
