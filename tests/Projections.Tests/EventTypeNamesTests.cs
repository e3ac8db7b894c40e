using EMage.Projections.Store;
using Snapshooter.Xunit;

namespace EMage.Projections.Tests;

public class EventTypeNamesTests
{
    /// <summary>
    /// Stored events are found by these names forever: a rename here orphans history. The snapshot
    /// changes only by additions; anything else is a migration to write first.
    /// </summary>
    [Fact]
    public void PinnedEventNames_DoNotChange() =>
        Snapshot.Match(EventTypeNames.All.Select(x => new { Event = x.Type.FullName, Stored = x.Name }));
}
