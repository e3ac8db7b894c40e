using EMage.Imaging;
using EMage.Projections.Imaging;
using Marten;

namespace EMage.Web.Jobs;

/// <summary>
/// After an upgrade that reads more of the DICOM header (a new QIDO-RS attribute), describes again,
/// from their stored files, the instances received before: those whose
/// <see cref="StoredInstance.IndexVersion"/> is below the current one. In the background, a page at a
/// time, so that a node starts at once; several nodes doing it at once write the same values.
/// </summary>
public sealed class InstanceReindex(IDocumentStore store, IBlobStore blobs, ILogger<InstanceReindex> log) : BackgroundService
{
    private const int Page = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var total = 0;
            string after = "";
            while (!stoppingToken.IsCancellationRequested)
            {
                IReadOnlyList<StoredInstance> page;
                await using (var query = store.QuerySession())
                {
                    page = await query.QueryAsync<StoredInstance>(
                        "where coalesce((data ->> 'indexVersion')::int, 0) < ? and id > ? order by id limit ?",
                        stoppingToken, StoredInstance.CurrentIndexVersion, after, Page);
                }

                if (page.Count == 0)
                {
                    break;
                }

                await using var write = store.LightweightSession();
                foreach (var instance in page)
                {
                    if (await Read(instance, stoppingToken) is { } index)
                    {
                        instance.Describe(index);
                        write.Store(instance);
                        total++;
                    }
                }

                await write.SaveChangesAsync(stoppingToken);
                after = page[^1].Id;
            }

            if (total > 0)
            {
                log.LogInformation("Described again {Count} stored instances from their files (index version {Version})", total, StoredInstance.CurrentIndexVersion);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<DicomIndex?> Read(StoredInstance instance, CancellationToken ct)
    {
        await using var content = blobs.Open(instance.Blob);
        if (content is null)
        {
            log.LogWarning("The file of instance {Sop} ({Blob}) is missing; its description is left as it is", instance.Id, instance.Blob);
            return null;
        }

        using var buffer = new MemoryStream(checked((int)Math.Max(instance.Size, 0)));
        await content.CopyToAsync(buffer, ct);
        try
        {
            return DicomReader.Read(buffer.ToArray());
        }
        catch (DicomParseException e)
        {
            // Accepted once, so readable then: a reader that changed its mind is worth a look, not a crash.
            log.LogWarning(e, "The file of instance {Sop} no longer reads; its description is left as it is", instance.Id);
            return null;
        }
    }
}
