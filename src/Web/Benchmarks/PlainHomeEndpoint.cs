using EMage.GraphQL.Schema;
using EMage.Projections.Dossiers;
using Marten;

namespace EMage.Web.Benchmarks;

/// <summary>
/// The baseline of the GraphQL benchmark: the patient home page's data as plain JSON, from the same
/// read model and the same session. Mapped only when Benchmarks:PlainEndpoint is true (bench runs).
/// </summary>
public static class PlainHomeEndpoint
{
    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.SnakeCaseUpper) },
    };

    public static void MapPlainHome(this IEndpointRouteBuilder endpoints, IConfiguration configuration)
    {
        if (!configuration.GetValue("Benchmarks:PlainEndpoint", false))
        {
            return;
        }

        endpoints.MapGet("/bench/home", async (HttpContext http, IDocumentStore store) =>
        {
            var user = new EmageUserContext(http);
            if (user.AccountId is not { } account)
            {
                return Results.Unauthorized();
            }

            // As /graphql does: the account read with the session, else read now.
            var patient = user.SessionAccount is { Active: true, PatientId: { } known }
                ? known
                : await DossierHandler.PatientOf(store, account, http.RequestAborted);
            await using var session = store.QuerySession();
            var feed = await session.LoadAsync<NewDocumentsFeed>(patient, http.RequestAborted);
            return Results.Json(new { data = new { myNewDocuments = feed?.Newest.ToList() ?? [] } }, Json);
        });

        // The server's memory, for the benchmarks' bytes allocated per request and retained per subscription;
        // ?collect=true first runs a full blocking collection, so that the heap size is what is retained.
        var meter = new AllocationMeter(); // lives as long as the app: benchmark runs only
        endpoints.MapGet("/bench/memory", (bool? collect) =>
        {
            if (collect == true)
            {
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            }

            using var process = System.Diagnostics.Process.GetCurrentProcess();
            return Results.Json(new
            {
                allocatedBytes = meter.AllocatedBytes,
                heapBytes = GC.GetTotalMemory(forceFullCollection: false),
                workingSetBytes = process.WorkingSet64,
                peakWorkingSetBytes = process.PeakWorkingSet64,
            });
        });

        // The baseline of the WADO-RS benchmark: the same stored files, served as plain static files.
        endpoints.MapGet("/bench/blob/{address}", (string address, EMage.Projections.Imaging.IBlobStore blobs) =>
            blobs.Open(address) is { } content ? Results.Stream(content, "application/dicom") : Results.NotFound());
    }
}
