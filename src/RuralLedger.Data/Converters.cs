using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Data;

internal sealed class AreaIdConverter() : ValueConverter<AreaId, long>(v => v.Value, v => new AreaId(v));

internal sealed class HouseholdIdConverter() : ValueConverter<HouseholdId, long>(v => v.Value, v => new HouseholdId(v));

internal sealed class MemberIdConverter() : ValueConverter<MemberId, long>(v => v.Value, v => new MemberId(v));

internal sealed class DivisionCodeConverter() : ValueConverter<DivisionCode, string>(v => v.Value, v => DivisionCode.Parse(v, "code"));

internal sealed class MoneyConverter() : ValueConverter<Money, long>(v => v.Fen, v => Money.FromFen(v));

internal sealed class UserIdConverter() : ValueConverter<Core.Accounts.UserId, long>(v => v.Value, v => new Core.Accounts.UserId(v));

internal sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
