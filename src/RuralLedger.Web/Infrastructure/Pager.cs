namespace RuralLedger.Web.Infrastructure;

/// <summary>
/// The numbered pager every list page shows (<c>Features/Shared/_Pager.cshtml</c>): the total, "第 p / n 页", and links to
/// the first and last pages and two either side of the current one. <see cref="Href"/> builds a page's address with
/// the list's filters.
/// </summary>
public sealed record Pager(int Total, int Page, int PageSize, Func<int, string> Href, string Unit = "条")
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);

    /// <summary>The page numbers to link, in order; null marks a gap ("…").</summary>
    public IReadOnlyList<int?> Numbers()
    {
        var shown = new SortedSet<int> { 1, Pages };
        for (var p = Page - 2; p <= Page + 2; p++)
        {
            if (p >= 1 && p <= Pages)
            {
                shown.Add(p);
            }
        }
        var numbers = new List<int?>();
        var last = 0;
        foreach (var p in shown)
        {
            if (p > last + 1)
            {
                numbers.Add(null);
            }
            numbers.Add(p);
            last = p;
        }
        return numbers;
    }
}
