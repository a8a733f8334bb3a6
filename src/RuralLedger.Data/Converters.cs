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

internal sealed class FundSourceIdConverter() : ValueConverter<FundSourceId, long>(v => v.Value, v => new FundSourceId(v));

internal sealed class ProjectIdConverter() : ValueConverter<ProjectId, long>(v => v.Value, v => new ProjectId(v));

internal sealed class AssetIdConverter() : ValueConverter<AssetId, long>(v => v.Value, v => new AssetId(v));

internal sealed class ContractIdConverter() : ValueConverter<ContractId, long>(v => v.Value, v => new ContractId(v));

internal sealed class CertificateIdConverter() : ValueConverter<CertificateId, long>(v => v.Value, v => new CertificateId(v));

internal sealed class DisposalIdConverter() : ValueConverter<DisposalId, long>(v => v.Value, v => new DisposalId(v));

internal sealed class AssetIncomeIdConverter() : ValueConverter<AssetIncomeId, long>(v => v.Value, v => new AssetIncomeId(v));

internal sealed class DistributionRuleIdConverter() : ValueConverter<DistributionRuleId, long>(v => v.Value, v => new DistributionRuleId(v));

internal sealed class DistributionPlanIdConverter() : ValueConverter<DistributionPlanId, long>(v => v.Value, v => new DistributionPlanId(v));

internal sealed class PlanLineIdConverter() : ValueConverter<PlanLineId, long>(v => v.Value, v => new PlanLineId(v));

internal sealed class PaymentBatchIdConverter() : ValueConverter<PaymentBatchId, long>(v => v.Value, v => new PaymentBatchId(v));

internal sealed class JournalEntryIdConverter() : ValueConverter<JournalEntryId, long>(v => v.Value, v => new JournalEntryId(v));
