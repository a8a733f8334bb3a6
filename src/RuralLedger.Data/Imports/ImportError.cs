namespace RuralLedger.Data.Imports;

/// <summary>A bad cell: the Excel row number as the user sees it (header = 1), the column's Chinese header, a stable code and a Chinese message.</summary>
public sealed record ImportError(int Row, string Column, string Code, string Message);
