using System.Diagnostics;
using System.Text.Json;

namespace EMage.Imaging.Tests;

/// <summary>
/// Our reader against pydicom on pydicom's own test files (Debian's python3-pydicom, installed by
/// ./emage test): the same fields for every file pydicom reads cleanly; a clear error for the rest.
/// </summary>
public class PydicomCorpusTests
{
    private static readonly Lazy<(string Root, Dictionary<string, JsonElement> Files)> Corpus = new(Load);

    private static (string, Dictionary<string, JsonElement>) Load()
    {
        var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "pydicom_index.py"));
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, "pydicom_index.py failed (is python3-pydicom installed? ./emage test installs it): " + error);
        using var json = JsonDocument.Parse(output);
        var files = json.RootElement.GetProperty("files").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
        return (json.RootElement.GetProperty("root").GetString()!, files);
    }

    public static TheoryData<string> Files() => new(Corpus.Value.Files.Keys.Order(StringComparer.Ordinal));

    internal static (string Root, Dictionary<string, JsonElement> Files) CorpusValue => Corpus.Value;

    [Theory]
    [MemberData(nameof(Files))]
    public void OurReader_AgreesWithPydicom(string file)
    {
        var (root, files) = Corpus.Value;
        var expected = files[file];
        var bytes = File.ReadAllBytes(Path.Combine(root, file));
        DicomIndex ours;
        try
        {
            ours = DicomReader.Read(bytes);
        }
        catch (DicomParseException e)
        {
            Assert.True(Flawed(file, expected), $"{file}: pydicom reads it cleanly, we refused it: {e.Message}");
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
            return;
        }

        Assert.False(Truncated(file), $"{file}: the corpus made it truncated, and we read it without a word");
        Assert.False(expected.TryGetProperty("error", out var refused), $"{file}: pydicom refused it ({refused}), we read it");
        var actual = new Dictionary<string, string?>
        {
            ["TransferSyntaxUID"] = ours.TransferSyntaxUid,
            ["PatientID"] = ours.PatientId,
            ["PatientName"] = ours.PatientName,
            ["PatientBirthDate"] = ours.PatientBirthDate,
            ["PatientSex"] = ours.PatientSex,
            ["StudyInstanceUID"] = ours.StudyInstanceUid,
            ["StudyDate"] = ours.StudyDate,
            ["StudyTime"] = ours.StudyTime,
            ["StudyID"] = ours.StudyId,
            ["StudyDescription"] = ours.StudyDescription,
            ["AccessionNumber"] = ours.AccessionNumber,
            ["Modality"] = ours.Modality,
            ["SeriesInstanceUID"] = ours.SeriesInstanceUid,
            ["SeriesNumber"] = ours.SeriesNumber?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SeriesDescription"] = ours.SeriesDescription,
            ["SOPClassUID"] = ours.SopClassUid,
            ["SOPInstanceUID"] = ours.SopInstanceUid,
            ["InstanceNumber"] = ours.InstanceNumber?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Rows"] = ours.Rows?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Columns"] = ours.Columns?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["NumberOfFrames"] = ours.NumberOfFrames?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var differences = actual
            .Where(kv => (expected.GetProperty(kv.Key).ValueKind == JsonValueKind.Null ? null : expected.GetProperty(kv.Key).GetString()) != kv.Value)
            .Select(kv => $"{kv.Key}: pydicom '{expected.GetProperty(kv.Key)}', ours '{kv.Value}'")
            .ToList();
        Assert.True(differences.Count == 0, $"{file}:\n" + string.Join('\n', differences));
    }

    /// <summary>pydicom refused the file or read it only with a warning, or the corpus made it truncated.</summary>
    private static bool Flawed(string file, JsonElement expected) =>
        Truncated(file) || expected.TryGetProperty("error", out _) || expected.GetProperty("warnings").GetArrayLength() > 0;

    /// <summary>pydicom's corpus names the files it cut short; pydicom reads their first elements anyway, we refuse them.</summary>
    private static bool Truncated(string file) => Path.GetFileName(file).Contains("_truncated", StringComparison.Ordinal);
}
