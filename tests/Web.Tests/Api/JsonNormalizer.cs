using System.Text.RegularExpressions;

namespace EMage.Web.Tests.Api;

/// <summary>
/// Makes a response snapshot-stable: every id becomes "guid-N" in order of first appearance, and
/// every instant "time-N" the same way, so the snapshot still shows which values are equal.
/// </summary>
public static partial class JsonNormalizer
{
    public static string Normalize(string json)
    {
        var guids = new Dictionary<string, string>();
        json = GuidPattern().Replace(json, m => guids.TryGetValue(m.Value, out var g) ? g : guids[m.Value] = $"guid-{guids.Count + 1}");
        var times = new Dictionary<string, string>();
        return TimePattern().Replace(json, m => times.TryGetValue(m.Value, out var t) ? t : times[m.Value] = $"time-{times.Count + 1}");
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex GuidPattern();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")]
    private static partial Regex TimePattern();
}
