using EMage.Testing;

namespace EMage.Imaging.Tests;

/// <summary>Encapsulated PDF instances written by pydicom: our reader finds the PDF, byte for byte.</summary>
public class EncapsulatedDocumentTests
{
    // An odd length: the value is padded to an even one in the file.
    private static readonly byte[] Pdf = "%PDF-1.4\n% Compte rendu : examen sans anomalie.\ntrailer << >>\n%%EOF"u8.ToArray();

    [Theory]
    [InlineData("explicit")]
    [InlineData("implicit")]
    [InlineData("big")]
    public void ThePdf_ComesOutExactly_InEveryUncompressedSyntax(string syntax)
    {
        Assert.True(Pdf.Length % 2 == 1);
        var file = Pydicom.Write(new Pydicom.EncapsulatedPdf(Pdf, "1.2.826.0.1.3680043.8.498.1", "1.2.826.0.1.3680043.8.498.2",
            "1.2.826.0.1.3680043.8.498.3", "IPP-42", "DURAND^Marie", "ACC-7", Syntax: syntax));

        var index = DicomReader.Read(file);
        Assert.Equal("1.2.840.10008.5.1.4.1.1.104.1", index.SopClassUid);
        Assert.Equal("DOC", index.Modality);
        Assert.Equal("IPP-42", index.PatientId);
        Assert.Equal("ACC-7", index.AccessionNumber);

        var document = DicomReader.ReadEncapsulatedDocument(file);
        Assert.NotNull(document);
        Assert.Equal("application/pdf", document.MimeType);
        Assert.Equal(Pdf, document.Bytes);
    }

    [Fact]
    public void WithoutTheDocumentLength_ThePaddedValueIsReturned()
    {
        var file = Pydicom.Write(new Pydicom.EncapsulatedPdf(Pdf, "1.2.3.1", "1.2.3.2", "1.2.3.3", "IPP", WithLength: false));
        var document = DicomReader.ReadEncapsulatedDocument(file)!;
        Assert.Equal(Pdf.Length + 1, document.Bytes.Length);
        Assert.Equal(Pdf, document.Bytes[..Pdf.Length]);
        Assert.Equal(0, document.Bytes[^1]);
    }

    [Fact]
    public void AnImage_EncapsulatesNothing()
    {
        var ct = File.ReadAllBytes("/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm");
        Assert.Null(DicomReader.ReadEncapsulatedDocument(ct));
    }

    [Fact]
    public void ACutFile_GivesOurParseError()
    {
        var file = Pydicom.Write(new Pydicom.EncapsulatedPdf(Pdf, "1.2.3.1", "1.2.3.2", "1.2.3.3", "IPP"));
        var cut = file[..(file.Length - 40)];
        Assert.Throws<DicomParseException>(() => DicomReader.ReadEncapsulatedDocument(cut));
    }
}
