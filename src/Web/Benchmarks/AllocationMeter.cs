using System.Diagnostics.Tracing;

namespace EMage.Web.Benchmarks;

/// <summary>
/// Bytes allocated by this process, summed from the runtime's GC AllocationTick events (one per
/// ~100 KB allocated, carrying the amount since the previous one). GC.GetTotalAllocatedBytes can go
/// backwards under Server GC's dynamic heap count (dotnet/runtime#131069), which made per-request
/// figures negative; this sum only grows. Listens only in benchmark runs.
/// </summary>
public sealed class AllocationMeter : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private long _allocated;

    public long AllocatedBytes => Interlocked.Read(ref _allocated);

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || e.PayloadNames is null)
        {
            return;
        }

        // AllocationAmount64 is in every version of the event that .NET (Core) raises.
        if (e.PayloadNames.IndexOf("AllocationAmount64") is var at and >= 0)
        {
            Interlocked.Add(ref _allocated, Convert.ToInt64(e.Payload![at], System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
