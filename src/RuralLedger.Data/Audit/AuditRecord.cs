namespace RuralLedger.Data.Audit;

/// <summary>What to append: the chain (county) it belongs to and the change, before hashing.</summary>
public sealed record AuditRecord(string ChainKey, string Action, string EntityType, string EntityId, string? Before, string? After);
