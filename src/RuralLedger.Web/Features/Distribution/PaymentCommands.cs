using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using RuralLedger.Core.Distribution;
using RuralLedger.Core.Kernel;
using RuralLedger.Data.Audit;
using RuralLedger.Data;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Distribution;

public enum BankFileFormat
{
    Xlsx,
    Csv,
}

public sealed record BatchCreated(long BatchId, int Sequence, int Lines, string Total, IReadOnlyList<string> WithoutAccount);

public sealed record ResultImported(long BatchId, int Paid, int Failed, Money PaidTotal, bool AlreadyImported);

/// <summary>
/// Payment of a posted plan through the bank (惠民惠农"一卡通"代发): a batch file of the payable lines (full
/// account numbers, since the bank needs them — the export is audited), the bank's result file read back line by
/// line, and failed lines put into a new batch. Paid amounts post payable → bank once per batch.
/// </summary>
public sealed class PaymentCommands(RuralDbContext db, PersonalDataVault vault, TimeProvider clock, AuditWriter audit)
{
    private static readonly string[] Header = ["序号", "户编号", "户主姓名", "开户银行", "银行账号", "金额（元）"];

    public async Task<BatchCreated> CreateBatchAsync(long planId, CancellationToken ct)
    {
        var plan = await db.DistributionPlans.FirstOrDefaultAsync(p => p.Id == new DistributionPlanId(planId), ct)
            ?? throw new NotFoundException("plans.not_found", "没有这个分配方案，或它不在您的权限范围内。");
        if (plan.Kind == PlanKind.Reversal)
        {
            throw new DomainException("payments.reversal", "冲销方案不代发。", "planId");
        }
        var open = new ConflictException("payments.open_batch", "上一批代发文件尚未导入银行回盘，不能再生成新批次。");
        if (await db.PaymentBatches.AnyAsync(b => b.PlanId == new DistributionPlanId(planId) && b.Status == BatchStatus.Exported, ct))
        {
            throw open;
        }
        var lines = await db.PlanLines.Where(l => l.PlanId == new DistributionPlanId(planId) && (l.Payment == LinePayment.Pending || l.Payment == LinePayment.Failed))
            .OrderBy(l => l.HouseholdNo).ToListAsync(ct);
        if (lines.Count == 0)
        {
            // A batch made between the two reads took the lines: the answer is the open batch, as for any repeat.
            if (await db.PaymentBatches.AnyAsync(b => b.PlanId == new DistributionPlanId(planId) && b.Status == BatchStatus.Exported, ct))
            {
                throw open;
            }
            throw new DomainException("payments.nothing_to_pay", "没有待发放或发放失败的分红。", "planId");
        }
        var ids = lines.Select(l => l.HouseholdId).ToList();
        var accounts = await db.Households.AsNoTracking().Where(h => ids.Contains(h.Id)).Select(h => new { h.Id, h.BankAccountCipher }).ToDictionaryAsync(h => h.Id, ct);
        var payable = lines.Where(l => accounts.TryGetValue(l.HouseholdId, out var a) && a.BankAccountCipher is not null).ToList();
        var without = lines.Except(payable).Select(l => $"{l.HouseholdNo} {l.HeadName}").ToList();
        if (payable.Count == 0)
        {
            throw new DomainException("payments.no_accounts", "待发放的户均未登记一卡通账号：" + string.Join("、", without.Take(10)), "planId");
        }
        var sequence = await db.PaymentBatches.CountAsync(b => b.PlanId == new DistributionPlanId(planId), ct) + 1;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var batch = new PaymentBatch(plan, sequence, payable.Count, Money.Sum(payable.Select(l => l.Amount)), BusinessCalendar.Today(clock), db.Access.ActorName);
        db.PaymentBatches.Add(batch);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            // Two requests at once: one open batch per plan (and one batch per sequence number) is a unique index.
            throw open;
        }
        foreach (var line in payable)
        {
            line.PutInBatch(batch.Id);
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new BatchCreated(batch.Id.Value, batch.Sequence, batch.Lines, batch.Total.ToString(), without);
    }

    public async Task<PaymentBatch> FindBatchAsync(long batchId, CancellationToken ct) =>
        await db.PaymentBatches.AsNoTracking().FirstOrDefaultAsync(b => b.Id == new PaymentBatchId(batchId), ct)
        ?? throw new NotFoundException("payments.batch_not_found", "没有这个代发批次，或它不在您的权限范围内。");

    /// <summary>The bank file of a batch, with full account numbers; each download is an audited export.</summary>
    public async Task<(byte[] Content, string FileName, string ContentType)> BankFileAsync(long batchId, BankFileFormat format, CancellationToken ct)
    {
        var batch = await db.PaymentBatches.AsNoTracking().FirstOrDefaultAsync(b => b.Id == new PaymentBatchId(batchId), ct)
            ?? throw new NotFoundException("payments.batch_not_found", "没有这个代发批次，或它不在您的权限范围内。");
        var plan = await db.DistributionPlans.AsNoTracking().FirstAsync(p => p.Id == batch.PlanId, ct);
        var lines = await db.PlanLines.AsNoTracking().Where(l => l.BatchId == new PaymentBatchId(batchId)).OrderBy(l => l.HouseholdNo).ToListAsync(ct);
        var ids = lines.Select(l => l.HouseholdId).ToList();
        var households = await db.Households.AsNoTracking().Where(h => ids.Contains(h.Id)).Select(h => new { h.Id, h.BankName, h.BankAccountCipher }).ToDictionaryAsync(h => h.Id, ct);
        var rows = lines.Select((l, i) => new[]
        {
            (i + 1).ToString(CultureInfo.InvariantCulture), l.HouseholdNo, l.HeadName, households[l.HouseholdId].BankName ?? "",
            vault.Decrypt(households[l.HouseholdId].BankAccountCipher!), l.Amount.Yuan.ToString("0.00", CultureInfo.InvariantCulture),
        }).ToList();
        await audit.AppendAsync(db, [new AuditRecord(plan.CountyCode, "export", nameof(PaymentBatch), batchId.ToString(CultureInfo.InvariantCulture), null,
            Json.Object(("plan", plan.Number), ("sequence", batch.Sequence), ("lines", lines.Count), ("total", batch.Total.ToString()), ("format", format.ToString())))], ct);
        var name = $"{plan.Number}_第{batch.Sequence}批代发";
        if (format == BankFileFormat.Csv)
        {
            var sb = new StringBuilder();
            sb.AppendLine(string.Join(",", Header));
            foreach (var r in rows)
            {
                sb.AppendLine(string.Join(",", r.Select(Csv)));
            }
            return (Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(sb.ToString())).ToArray(), name + ".csv", "text/csv; charset=utf-8");
        }
        var sheet = rows.Select(r => new Dictionary<string, object>
        {
            [Header[0]] = int.Parse(r[0], CultureInfo.InvariantCulture), [Header[1]] = r[1], [Header[2]] = r[2], [Header[3]] = r[3], [Header[4]] = r[4],
            [Header[5]] = decimal.Parse(r[5], CultureInfo.InvariantCulture),
        });
        using var stream = new MemoryStream();
        await MiniExcel.SaveAsAsync(stream, sheet, sheetName: "代发明细", cancellationToken: ct);
        return (stream.ToArray(), name + ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    }

    /// <summary>
    /// Reads the bank's result file (the batch file with 结果 = 成功/失败 and 失败原因 columns, xlsx or csv). Every
    /// line of the batch must be answered exactly once with the amount sent; otherwise nothing is recorded.
    /// </summary>
    public async Task<ResultImported> ImportResultAsync(long batchId, Stream file, string fileName, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(file);
        var batch = await db.PaymentBatches.FirstOrDefaultAsync(b => b.Id == new PaymentBatchId(batchId), ct)
            ?? throw new NotFoundException("payments.batch_not_found", "没有这个代发批次，或它不在您的权限范围内。");
        if (batch.Status == BatchStatus.ResultImported)
        {
            return new ResultImported(batch.Id.Value, batch.Paid, batch.Failed, batch.PaidTotal, AlreadyImported: true);
        }
        var rows = await ReadRowsAsync(file, fileName, ct);
        var lines = await db.PlanLines.Where(l => l.BatchId == new PaymentBatchId(batchId) && l.Payment == LinePayment.InBatch).ToDictionaryAsync(l => l.HouseholdNo, ct);
        var v = new Validation();
        var seen = new HashSet<string>();
        var results = new List<(PlanLine Line, bool Paid, string? Reason)>();
        foreach (var (rowNo, cells) in rows)
        {
            var no = cells.GetValueOrDefault("户编号")?.Trim() ?? "";
            if (!lines.TryGetValue(no, out var line))
            {
                v.Add($"rows[{rowNo}].户编号", $"第 {rowNo} 行：户编号“{no}”不在本批次中。");
                continue;
            }
            if (!seen.Add(no))
            {
                v.Add($"rows[{rowNo}].户编号", $"第 {rowNo} 行：户编号 {no} 重复。");
                continue;
            }
            if (!decimal.TryParse(cells.GetValueOrDefault("金额（元）"), NumberStyles.Number, CultureInfo.InvariantCulture, out var yuan) || yuan * 100 != line.Amount.Fen)
            {
                v.Add($"rows[{rowNo}].金额（元）", $"第 {rowNo} 行：金额与代发文件不一致（应为 {line.Amount.Yuan.ToString("0.00", CultureInfo.InvariantCulture)}）。");
                continue;
            }
            var result = cells.GetValueOrDefault("结果")?.Trim();
            if (result is not ("成功" or "失败"))
            {
                v.Add($"rows[{rowNo}].结果", $"第 {rowNo} 行：结果应为“成功”或“失败”。");
                continue;
            }
            results.Add((line, result == "成功", cells.GetValueOrDefault("失败原因")));
        }
        var missing = lines.Keys.Except(seen).ToList();
        if (missing.Count > 0)
        {
            v.Add("file", $"回盘缺少 {missing.Count} 户的结果：{string.Join("、", missing.Take(5))}{(missing.Count > 5 ? " 等" : "")}。");
        }
        v.ThrowIfAny();

        var today = BusinessCalendar.Today(clock);
        var paid = results.Where(r => r.Paid).ToList();
        var paidTotal = Money.Sum(paid.Select(r => r.Line.Amount));
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            foreach (var (line, ok, reason) in results)
            {
                line.RecordResult(ok, reason);
            }
            batch.RecordResult(paid.Count, paidTotal, results.Count - paid.Count, today);
            if (paid.Count > 0)
            {
                var plan = await db.DistributionPlans.AsNoTracking().FirstAsync(p => p.Id == batch.PlanId, ct);
                var at = clock.GetUtcNow();
                db.JournalEntries.AddRange(paid.Select(r => JournalEntry.ForPayment(plan, batch, r.Line, today, db.Access.ActorName, at)));
            }
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            var again = await db.PaymentBatches.AsNoTracking().FirstAsync(b => b.Id == new PaymentBatchId(batchId), ct);
            if (again.Status == BatchStatus.ResultImported)
            {
                return new ResultImported(again.Id.Value, again.Paid, again.Failed, again.PaidTotal, AlreadyImported: true);
            }
            throw;
        }
        return new ResultImported(batch.Id.Value, batch.Paid, batch.Failed, batch.PaidTotal, AlreadyImported: false);
    }

    private static async Task<List<(int Row, Dictionary<string, string?> Cells)>> ReadRowsAsync(Stream file, string fileName, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        buffer.Position = 0;
        var rows = new List<(int, Dictionary<string, string?>)>();
        if (fileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            using var reader = new StreamReader(buffer, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            var header = (await reader.ReadLineAsync(ct))?.Split(',').Select(h => h.Trim()).ToArray()
                ?? throw new DomainException("payments.empty_file", "回盘文件为空。", "file");
            var rowNo = 1;
            while (await reader.ReadLineAsync(ct) is { } text)
            {
                rowNo++;
                if (text.Trim().Length == 0)
                {
                    continue;
                }
                var cells = SplitCsv(text);
                rows.Add((rowNo, header.Select((h, i) => (h, i)).ToDictionary(x => x.h, x => x.i < cells.Count ? cells[x.i] : null)));
            }
            return rows;
        }
        try
        {
            using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Read, leaveOpen: true))
            {
                WorkbookGuard.Check(zip);
            }
            buffer.Position = 0;
            var n = 1;
            foreach (IDictionary<string, object?> row in MiniExcel.Query(buffer, useHeaderRow: true, excelType: ExcelType.XLSX))
            {
                n++;
                if (row.Values.All(c => c is null || string.IsNullOrWhiteSpace(Convert.ToString(c, CultureInfo.InvariantCulture))))
                {
                    continue;
                }
                rows.Add((n, row.ToDictionary(c => c.Key.Trim(), c => c.Value switch
                {
                    null => null,
                    double d => d.ToString("0.00", CultureInfo.InvariantCulture),
                    decimal m => m.ToString("0.00", CultureInfo.InvariantCulture),
                    var o => Convert.ToString(o, CultureInfo.InvariantCulture),
                })));
            }
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or System.IO.IOException)
        {
            throw new DomainException("payments.bad_file", "回盘文件无法读取：请上传 .xlsx 或 .csv 文件。", "file");
        }
        return rows;
    }

    private static List<string?> SplitCsv(string line)
    {
        var cells = new List<string?>();
        var sb = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    sb.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    sb.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                cells.Add(sb.ToString());
                sb.Clear();
            }
            else
            {
                sb.Append(c);
            }
        }
        cells.Add(sb.ToString());
        return cells;
    }

    // Account numbers are digits but a spreadsheet would show them in scientific notation: keep them as text.
    private static string Csv(string value) =>
        value.Contains(',', StringComparison.Ordinal) || value.Contains('"', StringComparison.Ordinal) ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
