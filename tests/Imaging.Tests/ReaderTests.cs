namespace EMage.Imaging.Tests;

public class ReaderTests
{
    [Fact]
    public void AnEmptyFile_IsRefusedWithAReason()
    {
        var error = Assert.Throws<DicomParseException>(() => DicomReader.Read([]));
        Assert.Contains("no DICOM data set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnElementLongerThanTheFile_IsRefusedWithItsTag()
    {
        // Explicit VR little endian, (0010,0010) PN declaring 200 bytes in a file of 12.
        byte[] data = [0x10, 0x00, 0x10, 0x00, (byte)'P', (byte)'N', 200, 0, (byte)'A', (byte)'B', (byte)'C', (byte)'D'];
        var error = Assert.Throws<DicomParseException>(() => DicomReader.Read(data));
        Assert.Contains("(0010,0010)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnclosedItem_IsRefused()
    {
        // (0008,1115) SQ of undefined length holding one item of undefined length, never closed.
        byte[] data =
        [
            0x08, 0x00, 0x15, 0x11, (byte)'S', (byte)'Q', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF,
            0xFE, 0xFF, 0x00, 0xE0, 0xFF, 0xFF, 0xFF, 0xFF,
            0x10, 0x00, 0x20, 0x00, (byte)'L', (byte)'O', 2, 0, (byte)'I', (byte)'D',
        ];
        Assert.Throws<DicomParseException>(() => DicomReader.Read(data));
    }

    [Fact]
    public void ADeflateBomb_IsRefused()
    {
        using var compressed = new MemoryStream();
        using (var deflate = new System.IO.Compression.DeflateStream(compressed, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(new byte[50_000_000]);
        }

        var uid = "1.2.840.10008.1.2.1.99\0"u8.ToArray();
        var meta = new List<byte>();
        meta.AddRange(new byte[128]);
        meta.AddRange("DICM"u8.ToArray());
        meta.AddRange([0x02, 0x00, 0x10, 0x00, (byte)'U', (byte)'I', (byte)uid.Length, 0]);
        meta.AddRange(uid);
        meta.AddRange(compressed.ToArray());
        var error = Assert.Throws<DicomParseException>(() => DicomReader.Read(meta.ToArray()));
        Assert.Contains("inflates", error.Message, StringComparison.Ordinal);
    }
}
