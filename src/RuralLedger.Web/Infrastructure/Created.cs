namespace RuralLedger.Web.Infrastructure;

/// <summary>The body of every 201 that made one record: <c>{"id": n}</c>, its address in <c>Location</c>.</summary>
public sealed record Created(long Id);
