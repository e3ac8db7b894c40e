using JasperFx.Events;
using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EMage.GraphQL.Subscriptions;

public sealed class EventTailOptions
{
    /// <summary>How often the store is asked for new events.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How long a gap in the sequence is waited for (a transaction still committing) before it is passed.</summary>
    public TimeSpan GapTimeout { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// Reads every new event from the store, in sequence order, and publishes it to this node's
/// <see cref="EventHub"/>. A gap in the sequence usually means a transaction that took its numbers
/// and has not committed yet: the tail waits for it (up to <see cref="EventTailOptions.GapTimeout"/>,
/// after which the numbers are taken to be lost to a rollback) so that no event is skipped or reordered.
/// </summary>
public sealed class EventTail(IDocumentStore store, EventHub hub, Microsoft.Extensions.Options.IOptions<EventTailOptions> options, ILogger<EventTail> log)
    : BackgroundService
{
    private const int BatchSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        long position;
        await using (var session = store.QuerySession())
        {
            var last = await session.Events.QueryAllRawEvents().OrderByDescending(e => e.Sequence).Select(e => e.Sequence)
                .Take(1).ToListAsync(stoppingToken);
            position = last is [var newest] ? newest : 0;
        }

        DateTimeOffset? gapSince = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                IReadOnlyList<IEvent> batch;
                await using (var session = store.QuerySession())
                {
                    var after = position;
                    batch = await session.Events.QueryAllRawEvents().Where(e => e.Sequence > after)
                        .OrderBy(e => e.Sequence).Take(BatchSize).ToListAsync(stoppingToken);
                }

                foreach (var e in batch)
                {
                    if (e.Sequence != position + 1)
                    {
                        gapSince ??= DateTimeOffset.UtcNow;
                        if (DateTimeOffset.UtcNow - gapSince < options.Value.GapTimeout)
                        {
                            break; // wait for the missing numbers
                        }
                    }

                    gapSince = null;
                    position = e.Sequence;
                    hub.Publish(e);
                }

                if (batch.Count < BatchSize)
                {
                    await Task.Delay(options.Value.PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Reading new events failed; retrying");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }
}
