using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EMage.Imaging.Tests;

/// <summary>
/// WADO-RS metadata against pydicom's own DICOM JSON (to_json_dict) of the same files: every
/// attribute we give a value to has pydicom's value, sequences item by item at any depth. Explicit VR files that pydicom reads
/// cleanly; binary values are left to the bulk data on both sides.
/// </summary>
public class MetadataTests
{
    public static TheoryData<string> Files() => PydicomCorpusTests.Files();

    [Theory]
    [MemberData(nameof(Files))]
    public void OurMetadata_AgreesWithPydicom(string file)
    {
        var (root, files) = PydicomCorpusTests.CorpusValue;
        var expected = files[file];
        if (expected.TryGetProperty("error", out _) || expected.GetProperty("warnings").GetArrayLength() > 0
            || expected.GetProperty("metadata").ValueKind != JsonValueKind.Object || file.Contains("_truncated", StringComparison.Ordinal))
        {
            return; // flawed files: the corpus test covers them
        }

        var ours = DicomJson.Metadata(File.ReadAllBytes(Path.Combine(root, file)));
        var theirs = JsonNode.Parse(expected.GetProperty("metadata").GetRawText())!.AsObject();
        var differences = new List<string>();
        Compare(ours, theirs, "", differences);
        Assert.True(differences.Count == 0, $"{file}:\n" + string.Join('\n', differences.Take(15)));
    }

    /// <summary>Every attribute we give a value to has pydicom's value; sequences item by item, at any depth.</summary>
    private static void Compare(JsonObject ours, JsonObject theirs, string path, List<string> differences)
    {
        foreach (var (key, node) in ours)
        {
            if (theirs[key]?["vr"]?.ToString() is not { } vr)
            {
                continue;
            }

            if (vr == "SQ")
            {
                var mine = node?["Value"] as JsonArray ?? [];
                var other = theirs[key]?["Value"] as JsonArray ?? [];
                if ((string?)node?["vr"] != "SQ" || mine.Count != other.Count)
                {
                    differences.Add($"{path}{key} (SQ): pydicom {other.Count} items, ours {node?.ToJsonString()}");
                    continue;
                }

                for (var i = 0; i < mine.Count; i++)
                {
                    Compare(mine[i]!.AsObject(), other[i]!.AsObject(), $"{path}{key}[{i}].", differences);
                }

                continue;
            }

            if (node?["Value"] is not JsonArray value)
            {
                continue;
            }

            if (theirs[key]?["Value"] is not JsonArray expected)
            {
                if (value.Any(v => v is not null)) differences.Add($"{path}{key}: pydicom has no value, ours {value.ToJsonString()}");
                continue;
            }

            if (vr == "CS")
            {
                // PS3.5 6.2: leading and trailing spaces of a code string are insignificant (pydicom 2.3 keeps one inside a multi-value).
                expected = new JsonArray(expected.Select(v => (JsonNode?)(v?.ToString().Trim(' '))).ToArray());
            }

            if (!Same(value, expected))
            {
                differences.Add($"{path}{key} ({vr}): pydicom {expected.ToJsonString()}, ours {value.ToJsonString()}");
            }
        }
    }

    private static bool Same(JsonArray ours, JsonArray theirs) =>
        ours.Count == theirs.Count && ours.Zip(theirs).All(p => Same(p.First, p.Second));

    private static bool Same(JsonNode? a, JsonNode? b)
    {
        if (a is null || b is null) return a is null && b is null || (a?.ToString() ?? "") == (b?.ToString() ?? "");
        if (a is JsonValue va && b is JsonValue vb && va.TryGetValue<double>(out var x) && TryNumber(vb, out var y))
        {
            return Math.Abs(x - y) <= 1e-6 * Math.Max(1, Math.Abs(y));
        }

        return JsonNode.DeepEquals(a, b) || a.ToString() == b.ToString();
    }

    private static bool TryNumber(JsonValue v, out double d) =>
        v.TryGetValue(out d) || (v.TryGetValue<string>(out var s) && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out d));
}
