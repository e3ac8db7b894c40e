using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EMage.Imaging.Tests;

/// <summary>
/// WADO-RS metadata against pydicom's own DICOM JSON (to_json_dict) of the same files: every
/// top-level attribute we give a value to has pydicom's value. Explicit VR files that pydicom reads
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
        foreach (var (key, node) in ours)
        {
            if (node?["Value"] is not JsonArray value || theirs[key]?["vr"]?.ToString() is not { } vr || vr == "SQ")
            {
                continue;
            }

            if (theirs[key]?["Value"] is not JsonArray other)
            {
                if (value.Any(v => v is not null)) differences.Add($"{key}: pydicom has no value, ours {value.ToJsonString()}");
                continue;
            }

            if (vr == "CS")
            {
                // PS3.5 6.2: leading and trailing spaces of a code string are insignificant (pydicom 2.3 keeps one inside a multi-value).
                other = new JsonArray(other.Select(v => (JsonNode?)(v?.ToString().Trim(' '))).ToArray());
            }

            if (!Same(value, other))
            {
                differences.Add($"{key} ({vr}): pydicom {other.ToJsonString()}, ours {value.ToJsonString()}");
            }
        }

        Assert.True(differences.Count == 0, $"{file}:\n" + string.Join('\n', differences.Take(15)));
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
