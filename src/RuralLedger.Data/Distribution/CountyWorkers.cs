namespace RuralLedger.Data.Distribution;

/// <summary>
/// Runs one job per county on several connections at once, for work over a province: building or posting plans.
/// On PostgreSQL the jobs run side by side, each on its own worker's context (the caller's for the first worker,
/// siblings for the others) — counties share no rows, and each county's locks are its own. SQLite has one writer
/// at a time: there the workers read on sibling connections, and a job's writing part runs through
/// <see cref="WriteGate"/> on the caller's context, one job at a time. One connection does all the writing, so its
/// page cache stays warm (a connection whose database another connection changed must drop its cache), while the
/// next counties are read beside it (WAL readers don't wait for the writer).
/// A failed job cancels the others; counties already committed stay committed, as they would one by one.
/// </summary>
public static class CountyWorkers
{
    /// <summary>Workers for a batch: one per core, at most four (the database is shared, and so are its disks).</summary>
    public static int For(int counties) => Math.Clamp(Math.Min(Environment.ProcessorCount, counties), 1, 4);

    public static async Task<IReadOnlyList<T>> RunAsync<T>(RuralDbContext db, TimeProvider clock, IReadOnlyList<string> counties,
        Func<RuralDbContext, string, WriteGate, CancellationToken, Task<T>> job, CancellationToken ct, int? workerCount = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(counties);
        ArgumentNullException.ThrowIfNull(job);
        var results = new T[counties.Count];
        var workers = workerCount is { } n ? Math.Clamp(n, 1, Math.Max(1, counties.Count)) : For(counties.Count);
        if (workers == 1)
        {
            var alone = new WriteGate(null);
            for (var i = 0; i < counties.Count; i++)
            {
                results[i] = await job(db, counties[i], alone, ct);
            }
            return results;
        }
        var singleWriter = db.Provider == DatabaseProvider.Sqlite;
        var gate = new WriteGate(singleWriter ? db : null);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var next = -1;
        async Task WorkAsync(RuralDbContext context)
        {
            try
            {
                for (var i = Interlocked.Increment(ref next); i < counties.Count; i = Interlocked.Increment(ref next))
                {
                    results[i] = await job(context, counties[i], gate, cancel.Token);
                }
            }
            catch
            {
                await cancel.CancelAsync();
                throw;
            }
        }
        var siblings = new List<RuralDbContext>();
        try
        {
            // With a single writer the caller's context writes, so every worker reads on a sibling.
            var tasks = singleWriter ? new List<Task>() : [Task.Run(() => WorkAsync(db), CancellationToken.None)];
            for (var w = tasks.Count; w < workers; w++)
            {
                var sibling = StorageRegistration.CreateSibling(db, clock);
                siblings.Add(sibling);
                tasks.Add(Task.Run(async () =>
                {
                    // A province's worth of rows: the same bulk settings as the caller's connection.
                    await using (await SqliteTuning.BeginBulkWriteAsync(sibling, cancel.Token))
                    {
                        await WorkAsync(sibling);
                    }
                }, CancellationToken.None));
            }
            try
            {
                await Task.WhenAll(tasks);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // A worker failed and cancelled the rest: its exception is the one to report, not their cancellation.
                var cause = tasks.Where(t => t.IsFaulted).SelectMany(t => t.Exception!.InnerExceptions).FirstOrDefault(e => e is not OperationCanceledException);
                if (cause is not null)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(cause);
                }
                throw;
            }
        }
        finally
        {
            foreach (var sibling in siblings)
            {
                await sibling.DisposeAsync();
            }
        }
        return results;
    }
}

/// <summary>
/// Where a job writes. On SQLite, the batch's one writing context, entered by one job at a time; on PostgreSQL (or
/// with a single worker) the job's own context, without waiting.
/// </summary>
public sealed class WriteGate(RuralDbContext? writer)
{
    private readonly SemaphoreSlim? _one = writer is null ? null : new SemaphoreSlim(1, 1);

    /// <param name="own">The job's own context: where it writes when writes don't go through one writer.</param>
    public async Task<Lease> EnterAsync(RuralDbContext own, CancellationToken ct)
    {
        if (_one is null)
        {
            return new Lease(own, null);
        }
        await _one.WaitAsync(ct);
        return new Lease(writer!, _one);
    }

    public sealed class Lease(RuralDbContext context, SemaphoreSlim? held) : IDisposable
    {
        private int _done;

        public RuralDbContext Context { get; } = context;

        public void Dispose()
        {
            if (held is not null && Interlocked.Exchange(ref _done, 1) == 0)
            {
                held.Release();
            }
        }
    }
}
