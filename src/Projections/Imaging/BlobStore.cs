using System.Security.Cryptography;

namespace EMage.Projections.Imaging;

/// <summary>Where image and report bytes live, by the SHA-256 of their content. An S3-compatible store can stand in.</summary>
public interface IBlobStore
{
    /// <summary>Stores the bytes (once: the same content has the same address) and answers their address.</summary>
    Task<string> Put(ReadOnlyMemory<byte> content, CancellationToken ct = default);

    /// <summary>The content at an address, or null.</summary>
    Stream? Open(string address);
}

/// <summary>
/// Content-addressed files under a folder: written to a temporary file, flushed to disk, then renamed
/// into place, so that no partial file is ever visible under an address.
/// </summary>
public sealed class FileBlobStore(string root) : IBlobStore
{
    public async Task<string> Put(ReadOnlyMemory<byte> content, CancellationToken ct = default)
    {
        var address = Convert.ToHexString(SHA256.HashData(content.Span)).ToLowerInvariant();
        var path = PathOf(address);
        if (File.Exists(path))
        {
            return address;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = Path.Combine(Directory.CreateDirectory(Path.Combine(root, "tmp")).FullName, Guid.NewGuid().ToString("N"));
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await file.WriteAsync(content, ct);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true); // same address, same bytes: a concurrent writer's copy is as good
        }
        finally
        {
            File.Delete(temporary);
        }

        return address;
    }

    public Stream? Open(string address)
    {
        if (address.Length != 64 || !address.All(char.IsAsciiHexDigitLower))
        {
            return null;
        }

        var path = PathOf(address);
        return File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous) : null;
    }

    private string PathOf(string address) => Path.Combine(root, address[..2], address[2..4], address);
}
