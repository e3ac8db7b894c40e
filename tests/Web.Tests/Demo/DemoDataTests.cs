using System.Text.Json.Nodes;
using EMage.Imaging;
using EMage.Web.Demo;

namespace EMage.Web.Tests.Demo;

public class DemoApp : EmageApp
{
    protected override string Environment => "Development";

    protected override bool SeedDemo => true;
}

/// <summary>What `./emage run` seeds: the seed guide's world, with real images and reports.</summary>
public class DemoDataTests(DemoApp app) : IClassFixture<DemoApp>
{
    [Fact]
    public async Task TheDemoPatient_HasThreeExamsWithImagesAndReports_AndTheSeedsHistory()
    {
        using var patient = await app.Browser("marie.durand@demo.e-mage.fr", DemoData.Password);
        var screens = await patient.GraphQL("""
            { myExams { label modality seriesCount instanceCount reportUrl series { instanceCount instancesUrl } }
              myAccessHistory(first: 10) { nodes { actorName basis } }
              myProfessionals { basis temporary }
              myShares { status uses } }
            """);
        Assert.True(screens["errors"] is null, screens.Json());
        var exams = screens["data"]!["myExams"]!.AsArray();
        Assert.Equal(["IRM du genou droit", "Scanner abdomino-pelvien", "Radiographie du thorax"], exams.Select(e => (string?)e!["label"]));
        Assert.All(exams, e => Assert.NotNull((string?)e!["reportUrl"]));
        Assert.Equal((1, 24), ((int)exams[1]!["seriesCount"]!, (int)exams[1]!["instanceCount"]!));
        Assert.Equal([16, 16], exams[0]!["series"]!.AsArray().Select(x => (int)x!["instanceCount"]!));
        var instances = JsonNode.Parse(await (await patient.GetAsync((string)exams[1]!["series"]![0]!["instancesUrl"]!)).Content.ReadAsStringAsync())!.AsArray();
        Assert.Equal(24, instances.Count);
        Assert.Contains(screens["data"]!["myAccessHistory"]!["nodes"]!.AsArray(), n => (string?)n!["actorName"] == "SUPPORT ADMINISTRATEUR");
        Assert.Contains(screens["data"]!["myProfessionals"]!.AsArray(), p => (bool)p!["temporary"]!);
        Assert.Equal(1, (int)screens["data"]!["myShares"]![0]!["uses"]!);

        var studies = JsonNode.Parse(await (await patient.GetAsync("/dicomweb/studies")).Content.ReadAsStringAsync())!.AsArray();
        Assert.Equal(3, studies.Count);
        var report = await patient.GetAsync((string)exams[1]!["reportUrl"]!);
        Assert.Equal("application/pdf", report.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public void TheDemoImages_AreDicomThatOurReaderIndexes_AndTheReportsArePdf()
    {
        var series = new DemoImages.Series("1.2.3", "1.2.3.1", "CT", "A1", "20230306", "Scanner", 3, 64);
        var indexes = DemoImages.Instances(series).Select(DicomReader.Read).ToList();
        Assert.Equal([1, 2, 3], indexes.Select(i => i.InstanceNumber!.Value));
        Assert.All(indexes, i => Assert.Equal(("DEMO-IPP-1", "DURAND^Marie", 64, "1.2.3.1"), (i.PatientId, i.PatientName, i.Rows!.Value, i.SeriesInstanceUid)));

        var pdf = DemoImages.ReportPdf("Compte rendu", ["Résultats : normal."]);
        Assert.StartsWith("%PDF-1.4", System.Text.Encoding.Latin1.GetString(pdf), StringComparison.Ordinal);
        Assert.EndsWith("%%EOF\n", System.Text.Encoding.Latin1.GetString(pdf), StringComparison.Ordinal);
    }
}
