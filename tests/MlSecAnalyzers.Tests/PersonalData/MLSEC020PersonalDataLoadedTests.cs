using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using MlSecAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = MlSecAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<MlSecAnalyzers.PersonalData.PersonalDataPipelineAnalyzer>;

namespace MlSecAnalyzers.Tests.PersonalData;

public sealed class MLSEC020PersonalDataLoadedTests
{
    internal const string Row = """
        public class Customer
        {
            [Microsoft.ML.Data.LoadColumn(0)] public string CustomerEmail { get; set; }
            [Microsoft.ML.Data.LoadColumn(1)] public float Age { get; set; }
            [Microsoft.ML.Data.LoadColumn(2)] public float Income { get; set; }
            [Microsoft.ML.Data.LoadColumn(3)] public bool Label { get; set; }
        }
        """;

    private static DiagnosticResult Expect(int location, string columns) =>
        Verify.Diagnostic(Descriptors.MLSEC020_PersonalDataLoadedWithoutGuard).WithLocation(location).WithArguments(columns);

    [Fact]
    public Task Flags_LoadFromTextFileReachingFit() => Verify.VerifyAnalyzerAsync($$"""
        using Microsoft.ML;

        var ml = new MLContext();
        var data = ml.Data.{|#0:LoadFromTextFile|}<Customer>("customers.csv", hasHeader: true, separatorChar: ',');
        var pipeline = ml.Transforms.Concatenate("Features", "Age", "Income")
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression());
        var model = pipeline.Fit(data);

        {{Row}}
        """,
        Expect(0, "'CustomerEmail'"));

    // ML.NET's TextLoader (LoadFromTextFile<T>, CreateTextLoader<T>) and DatabaseLoader (CreateDatabaseLoader<T>) build
    // their columns from every public field and property and never read [NoColumn] (only the SchemaDefinition path of
    // LoadFromEnumerable, CreateEnumerable and prediction engines does): the member is loaded all the same.
    [Fact]
    public Task Flags_NoColumnMemberOfATextOrDatabaseLoaderRowType() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.ML;
        using Microsoft.ML.Data;

        var ml = new MLContext();
        var data = ml.Data.{|#0:LoadFromTextFile|}<Customer>("customers.csv");
        ml.Transforms.Concatenate("Features", "Age").Fit(data);
        var loader = ml.Data.CreateTextLoader<Customer>();
        var more = loader.{|#1:Load|}("more.csv");
        ml.Transforms.Concatenate("Features", "Age").Fit(more);
        var rows = ml.Data.CreateDatabaseLoader<Customer>().{|#2:Load|}(new DatabaseSource(System.Data.Common.DbProviderFactories.GetFactory("x"), "cs", "select 1"));
        ml.Transforms.Concatenate("Features", "Age").Fit(rows);
        // LoadFromEnumerable honours it.
        ml.Transforms.Concatenate("Features", "Age").Fit(ml.Data.LoadFromEnumerable(new[] { new Customer() }));

        public class Customer
        {
            [LoadColumn(0), NoColumn] public string CustomerEmail { get; set; }
            [LoadColumn(1)] public float Age { get; set; }
        }
        """,
        Expect(0, "'CustomerEmail'"), Expect(1, "'CustomerEmail'"), Expect(2, "'CustomerEmail'"));

    // ML.NET's loaders read a property through its public getter and need no setter: TextLoader fills a get-only
    // [LoadColumn] member's column from the file, DatabaseLoader makes a column of every readable member, and
    // LoadFromEnumerable (SchemaDefinition, Direction.Read) calls the getter, so a computed property is loaded too.
    [Fact]
    public Task Flags_GetOnlyPropertiesAreLoadedColumns() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.ML;
        using Microsoft.ML.Data;

        var ml = new MLContext();
        ml.Transforms.Concatenate("Features", "Age").Fit(ml.Data.{|#0:LoadFromTextFile|}<Imported>("customers.csv"));
        var rows = ml.Data.CreateDatabaseLoader<Customer>().{|#1:Load|}(new DatabaseSource(System.Data.Common.DbProviderFactories.GetFactory("x"), "cs", "select 1"));
        ml.Transforms.Concatenate("Features", "Age").Fit(rows);
        ml.Transforms.Concatenate("Features", "Age").Fit(ml.Data.{|#2:LoadFromEnumerable|}(new[] { new Customer() }));

        public class Imported
        {
            [LoadColumn(0)] public string CustomerEmail { get; }
            [LoadColumn(1)] public float Age { get; }
        }

        public class Customer
        {
            [LoadColumn(0)] public string Handle { get; set; }
            [LoadColumn(1)] public float Age { get; set; }
            public string Email => Handle + "@example.com";
        }
        """,
        Expect(0, "'CustomerEmail'"), Expect(1, "'Email'"), Expect(2, "'Email'"));

    // An override keeps the [LoadColumn] (and [ColumnName]) of the property it overrides: ML.NET's attributes are
    // inherited, and GetCustomAttribute reads through overrides.
    [Fact]
    public Task Flags_OverrideInheritsLoadColumn() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.ML;
        using Microsoft.ML.Data;

        var ml = new MLContext();
        ml.Transforms.Concatenate("Features", "Age").Fit(ml.Data.{|#0:LoadFromTextFile|}<Customer>("customers.csv"));

        public abstract class PersonBase
        {
            [LoadColumn(0)] public virtual string CustomerEmail { get; set; }
        }

        public class Customer : PersonBase
        {
            public override string CustomerEmail { get; set; }
            [LoadColumn(1)] public float Age { get; set; }
        }
        """,
        Expect(0, "'CustomerEmail'"));

    // TextLoader.CreateTextLoader<T> (behind LoadFromTextFile<T> and CreateTextLoader<T>) makes columns only of members
    // with [LoadColumn] (it throws on a readable member without one): a computed property is not a column there.
    [Fact]
    public Task NoDiagnostic_TextLoaderMemberWithoutLoadColumn() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.ML;
        using Microsoft.ML.Data;

        var ml = new MLContext();
        ml.Transforms.Concatenate("Features", "Age").Fit(ml.Data.LoadFromTextFile<Customer>("customers.csv"));
        var loader = ml.Data.CreateTextLoader<Customer>();
        ml.Transforms.Concatenate("Features", "Age").Fit(loader.Load("more.csv"));

        public class Customer
        {
            [LoadColumn(0)] public string Handle { get; set; }
            [LoadColumn(1)] public float Age { get; set; }
            public string Email => Handle + "@example.com";
        }
        """);

    // Every ML.NET loader takes properties whose getter is public (GetGetMethod() != null): a write-only property or
    // one with a private getter is not a column, [LoadColumn] or not.
    [Fact]
    public Task NoDiagnostic_PropertyWithoutPublicGetter() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.ML;
        using Microsoft.ML.Data;

        var ml = new MLContext();
        ml.Transforms.Concatenate("Features", "Age").Fit(ml.Data.LoadFromTextFile<Customer>("customers.csv"));
        var rows = ml.Data.CreateDatabaseLoader<Customer>().Load(new DatabaseSource(System.Data.Common.DbProviderFactories.GetFactory("x"), "cs", "select 1"));
        ml.Transforms.Concatenate("Features", "Age").Fit(rows);
        ml.Transforms.Concatenate("Features", "Age").Fit(ml.Data.LoadFromEnumerable(new[] { new Customer() }));

        public class Customer
        {
            private string _phone;
            [LoadColumn(0)] public string Email { private get; set; }
            [LoadColumn(1)] public string Phone { set => _phone = value; }
            [LoadColumn(2)] public float Age { get; set; }
        }
        """);

    // Every loader lists the row type's properties with reflection (GetProperties), which hides a base property behind a
    // derived one of the same name and type whatever its accessors: an override or new property with only a setter, or
    // a non-public one on the row type, leaves no column of that name (checked with Microsoft.ML 5.0.1).
    [Fact]
    public Task NoDiagnostic_BasePropertyHiddenByADerivedOneWithoutPublicGetter() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.ML;
        using Microsoft.ML.Data;

        var ml = new MLContext();
        ml.Transforms.Concatenate("Features", "Age").Fit(ml.Data.LoadFromEnumerable(new[] { new SetterOnlyOverride() }));
        ml.Transforms.Concatenate("Features", "Age").Fit(ml.Data.LoadFromEnumerable(new[] { new SetterOnlyNew() }));
        ml.Transforms.Concatenate("Features", "Age").Fit(ml.Data.LoadFromEnumerable(new[] { new PrivateNew() }));
        ml.Transforms.Concatenate("Features", "Age").Fit(ml.Data.LoadFromTextFile<SetterOnlyOverride>("customers.csv"));
        ml.Transforms.Concatenate("Features", "Age").Fit(ml.Data.LoadFromTextFile<PrivateNew>("customers.csv"));
        var rows = ml.Data.CreateDatabaseLoader<SetterOnlyOverride>().Load(new DatabaseSource(System.Data.Common.DbProviderFactories.GetFactory("x"), "cs", "select 1"));
        ml.Transforms.Concatenate("Features", "Age").Fit(rows);

        public class PersonBase { [LoadColumn(0)] public virtual string Email { get; set; } = ""; }
        public class SetterOnlyOverride : PersonBase { public override string Email { set { } } [LoadColumn(1)] public float Age { get; set; } }
        public class SetterOnlyNew : PersonBase { public new string Email { set { } } [LoadColumn(1)] public float Age { get; set; } }
        public class PrivateNew : PersonBase { private new string Email { get; set; } = ""; [LoadColumn(1)] public float Age { get; set; } }
        """);

    // A private property of a base type is not listed and hides nothing, and a derived property hides only one of the
    // same type in metadata: an override in a class built on GenericBase<string> does not hide the T property, which the
    // text and database loaders load (LoadFromEnumerable throws on the ambiguous name: nothing is loaded).
    [Fact]
    public Task Flags_BasePropertyNotHiddenByAPrivateBaseOrAnotherSignature() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.ML;
        using Microsoft.ML.Data;

        var ml = new MLContext();
        ml.Transforms.Concatenate("Features", "Age").Fit(ml.Data.{|#0:LoadFromEnumerable|}(new[] { new Customer() }));
        ml.Transforms.Concatenate("Features", "Age").Fit(ml.Data.{|#1:LoadFromTextFile|}<Closed>("customers.csv"));
        var rows = ml.Data.CreateDatabaseLoader<Closed>().{|#2:Load|}(new DatabaseSource(System.Data.Common.DbProviderFactories.GetFactory("x"), "cs", "select 1"));
        ml.Transforms.Concatenate("Features", "Age").Fit(rows);
        ml.Transforms.Concatenate("Features", "Age").Fit(ml.Data.LoadFromEnumerable(new[] { new Closed() }));

        public class PersonBase { [LoadColumn(0)] public virtual string Email { get; set; } = ""; }
        public class Middle : PersonBase { private new string Email { get; set; } = ""; }
        public class Customer : Middle { public float Age { get; set; } }
        public class GenericBase<T> { [LoadColumn(0)] public virtual T Email { get; set; } }
        public class Closed : GenericBase<string> { public override string Email { set { } } [LoadColumn(1)] public float Age { get; set; } }
        """,
        Expect(0, "'Email'"), Expect(1, "'Email'"), Expect(2, "'Email'"));

    [Fact]
    public Task DataLocalPassedByRef_IsNotFollowed_AReassignmentAfterFit_DoesNotMatter() => Verify.VerifyAnalyzerAsync($$"""
        using Microsoft.ML;

        class Trainer
        {
            static void Replace(ref IDataView data) { }

            ITransformer ByRef(MLContext ml)
            {
                var data = ml.Data.LoadFromTextFile<Customer>("customers.csv", hasHeader: true, separatorChar: ',');
                Replace(ref data);
                return ml.Transforms.Concatenate("Features", "Age", "Income").Fit(data);
            }

            ITransformer Reassigned(MLContext ml, IDataView other)
            {
                var data = ml.Data.{|#0:LoadFromTextFile|}<Customer>("customers.csv", hasHeader: true, separatorChar: ',');
                var model = ml.Transforms.Concatenate("Features", "Age", "Income").Fit(data);
                data = other;
                return model;
            }
        }

        {{Row}}
        """,
        Expect(0, "'CustomerEmail'"));

    [Fact]
    public Task Flags_MultiStatementPipelineAndHelperLoader() => Verify.VerifyAnalyzerAsync($$"""
        using System.Collections.Generic;
        using Microsoft.ML;

        class Trainer
        {
            private readonly MLContext _ml = new();

            IDataView Load(IEnumerable<Customer> rows) => _ml.Data.LoadFromEnumerable(rows);

            ITransformer Train(IEnumerable<Customer> rows)
            {
                var data = {|#0:Load|}(rows);
                var split = _ml.Data.TrainTestSplit(data, testFraction: 0.2);
                IEstimator<ITransformer> pipeline = _ml.Transforms.Concatenate("Features", "Age", "Income");
                pipeline = pipeline.Append(_ml.BinaryClassification.Trainers.FastTreeOrDefault());
                return pipeline.Fit(split.TrainSet);
            }
        }

        static class TrainerExtensions
        {
            public static IEstimator<ITransformer> FastTreeOrDefault(this BinaryClassificationCatalog.BinaryClassificationTrainers trainers) =>
                trainers.SdcaLogisticRegression();
        }

        {{Row}}
        """,
        Expect(0, "'CustomerEmail'"));

    // A generic helper's loader reads the row type the call gives it: LoadFromTextFile<T> in Load<T> called as
    // Load<Customer>(…), through another generic helper, LoadFromEnumerable in a method of Repository<Customer>, or a
    // generic row type built of the helper's type argument (Contact<string>: a text Email). Reported on the call that
    // gives the row type (the loader serves other row types too), once per call; a row type without personal columns
    // is silent.
    [Fact]
    public Task Flags_GenericHelperLoaderWithThePersonalRowTypeAsTypeArgument() => Verify.VerifyAnalyzerAsync($$"""
        using System.Collections.Generic;
        using Microsoft.ML;
        using Microsoft.ML.Data;

        var ml = new MLContext();
        var data = DataFiles.{|#0:Load|}<Customer>(ml, "customers.csv");
        ml.Transforms.Concatenate("Features", "Age").Fit(data);
        ml.Transforms.Concatenate("Features", "Age").Fit(DataFiles.{|#3:LoadVia|}<Customer>(ml, "more.csv"));
        var rows = new Repository<Customer>(ml).{|#1:All|}(new[] { new Customer() });
        ml.Transforms.Concatenate("Features", "Age").Fit(rows);
        ml.Transforms.Concatenate("Features", "Age").Fit(DataFiles.Load<Measurement>(ml, "measurements.csv"));
        ml.Transforms.Concatenate("Features", "Age").Fit(new Repository<Measurement>(ml).All(new[] { new Measurement() }));
        ml.Transforms.Concatenate("Features", "Age").Fit(DataFiles.{|#2:Contacts|}<string>(ml));
        ml.Transforms.Concatenate("Features", "Age").Fit(DataFiles.Contacts<float>(ml));

        static class DataFiles
        {
            public static IDataView Load<T>(MLContext ml, string path) where T : class => ml.Data.LoadFromTextFile<T>(path, hasHeader: true, separatorChar: ',');
            public static IDataView LoadVia<TRow>(MLContext ml, string path) where TRow : class => Load<TRow>(ml, path);
            public static IDataView Contacts<TValue>(MLContext ml) => ml.Data.LoadFromEnumerable(new Contact<TValue>[0]);
        }

        class Repository<TRow> where TRow : class
        {
            private readonly MLContext _ml;
            public Repository(MLContext ml) => _ml = ml;
            public IDataView All(IEnumerable<TRow> rows) => _ml.Data.LoadFromEnumerable(rows);
        }

        public class Measurement { [LoadColumn(0)] public float Age { get; set; } }
        public class Contact<TValue> { public TValue Email { get; set; } public float Age { get; set; } }

        {{Row}}
        """,
        Expect(0, "'CustomerEmail'"), Expect(1, "'CustomerEmail'"), Expect(2, "'Email'"), Expect(3, "'CustomerEmail'"));

    // A generic helper called with two personal row types, from one method or two: one report per call, naming that
    // row type's columns (at the helper's loader they were two reports of different columns at one place). A generic
    // helper called from inside a non-generic one (Patients) is reported at the call in the method with the Fit.
    [Fact]
    public Task Flags_GenericHelperWithTwoRowTypes_OneReportPerCall() => Verify.VerifyAnalyzerAsync($$"""
        using Microsoft.ML;
        using Microsoft.ML.Data;

        var ml = new MLContext();
        var customers = DataFiles.{|#0:Load|}<Customer>(ml, "customers.csv");
        ml.Transforms.Concatenate("Features", "Age").Fit(customers);
        ml.Transforms.Concatenate("Features", "Income").Fit(customers);
        ml.Transforms.Concatenate("Features", "Age").Fit(DataFiles.{|#1:Load|}<Patient>(ml, "patients.csv"));
        ml.Transforms.Concatenate("Features", "Age").Fit(DataFiles.{|#4:Patients|}(ml));

        static class Training
        {
            public static void Customers(MLContext ml) => ml.Transforms.Concatenate("Features", "Age").Fit(DataFiles.{|#2:Load|}<Customer>(ml, "customers.csv"));
            public static void Patients(MLContext ml) => ml.Transforms.Concatenate("Features", "Age").Fit(DataFiles.{|#3:Load|}<Patient>(ml, "patients.csv"));
        }

        static class DataFiles
        {
            public static IDataView Load<T>(MLContext ml, string path) where T : class => ml.Data.LoadFromTextFile<T>(path, hasHeader: true, separatorChar: ',');
            public static IDataView Patients(MLContext ml) => Load<Patient>(ml, "patients.csv");
        }

        public class Patient { [LoadColumn(0)] public string Diagnosis { get; set; } [LoadColumn(1)] public float Age { get; set; } [LoadColumn(2)] public string Phone { get; set; } }

        {{Row}}
        """,
        Expect(0, "'CustomerEmail'"), Expect(1, "'Diagnosis', 'Phone'"), Expect(2, "'CustomerEmail'"), Expect(3, "'Diagnosis', 'Phone'"),
        Expect(4, "'Diagnosis', 'Phone'"));

    // A non-generic helper's loader serves every caller, and each caller leaves its own columns: one drops Diagnosis
    // before its Fit, another drops nothing. Reported at each caller's call of the helper, naming that caller's columns
    // (at the shared loader they were two reports of different columns at one place, 'Email', 'Phone' and 'Email',
    // 'Phone', 'Diagnosis', one per method, in whatever order the methods were analysed).
    [Fact]
    public Task Flags_NonGenericHelperLoader_TwoCallersLeavingDifferentColumns_OneReportPerCall() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.ML;
        using Microsoft.ML.Data;

        static class Training
        {
            static IDataView LoadPeople(MLContext ml, string path) => ml.Data.LoadFromTextFile<Person>(path, separatorChar: ',');

            public static ITransformer WithoutDiagnosis(MLContext ml, string path)
            {
                var data = {|#0:LoadPeople|}(ml, path);
                return ml.Transforms.DropColumns("Diagnosis").Append(ml.Transforms.Concatenate("Features", "Age")).Fit(data);
            }

            public static ITransformer Everything(MLContext ml, string path) =>
                ml.Transforms.Concatenate("Features", "Age").Fit({|#1:LoadPeople|}(ml, path));
        }

        public class Person
        {
            [LoadColumn(0)] public string Email { get; set; }
            [LoadColumn(1)] public string Phone { get; set; }
            [LoadColumn(2)] public string Diagnosis { get; set; }
            [LoadColumn(3)] public float Age { get; set; }
        }
        """,
        Expect(0, "'Email', 'Phone'"), Expect(1, "'Email', 'Phone', 'Diagnosis'"));

    // One caller of a helper in another class: reported at its call (the helper's own method has no Fit). Two calls of
    // the helper in one method are two loads: one report each. A caller that drops every personal column of the load is
    // not reported, whichever other caller is.
    [Fact]
    public Task Flags_NonGenericHelperLoader_AtEachCall_ButNotForACallerThatDropsEverything() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.ML;
        using Microsoft.ML.Data;

        static class DataFiles
        {
            public static IDataView People(MLContext ml) => ml.Data.LoadFromTextFile<Person>("people.csv", separatorChar: ',');
        }

        static class Training
        {
            public static ITransformer Once(MLContext ml) =>
                ml.Transforms.Concatenate("Features", "Age").Fit(DataFiles.{|#0:People|}(ml));

            public static void Twice(MLContext ml)
            {
                var first = DataFiles.{|#1:People|}(ml);
                var second = DataFiles.{|#2:People|}(ml);
                ml.Transforms.DropColumns("Email").Append(ml.Transforms.Concatenate("Features", "Age")).Fit(first);
                ml.Transforms.Concatenate("Features", "Age").Fit(second);
            }

            public static ITransformer DropsEverything(MLContext ml) =>
                ml.Transforms.DropColumns("Email", "Phone", "Diagnosis").Append(ml.Transforms.Concatenate("Features", "Age")).Fit(DataFiles.People(ml));

            public static ITransformer SelectsTheFeatures(MLContext ml) =>
                ml.Transforms.SelectColumns("Age").Append(ml.Transforms.Concatenate("Features", "Age")).Fit(DataFiles.People(ml));
        }

        public class Person
        {
            [LoadColumn(0)] public string Email { get; set; }
            [LoadColumn(1)] public string Phone { get; set; }
            [LoadColumn(2)] public string Diagnosis { get; set; }
            [LoadColumn(3)] public float Age { get; set; }
        }
        """,
        Expect(0, "'Email', 'Phone', 'Diagnosis'"), Expect(1, "'Phone', 'Diagnosis'"), Expect(2, "'Email', 'Phone', 'Diagnosis'"));

    // A Fit of a pipeline that only drops or selects columns (the guard, as the fix writes it) trains nothing: the
    // column it leaves is reported only when a later Fit trains on it. It was reported on its own, so the fix of a load
    // whose pipeline drops another column itself further on ('Phone' here) left a new finding ('Diagnosis') behind.
    [Fact]
    public Task Flags_OnlyTrainingFits_NotAFitThatOnlyDropsColumns() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.ML;
        using Microsoft.ML.Data;

        var ml = new MLContext();
        var data = ml.Data.LoadFromTextFile<Patient>("patients.csv", separatorChar: ',');
        data = ml.Transforms.DropColumns("Phone").Fit(data).Transform(data);
        ml.Transforms.DropColumns("Diagnosis").Append(ml.Transforms.Concatenate("Features", "Age")).Fit(data);

        var kept = ml.Data.LoadFromTextFile<Patient>("more.csv", separatorChar: ',');
        ml.Transforms.SelectColumns("Age", "Diagnosis").Fit(kept);

        var other = ml.Data.{|#0:LoadFromTextFile|}<Patient>("others.csv", separatorChar: ',');
        other = ml.Transforms.DropColumns("Phone").Fit(other).Transform(other);
        ml.Transforms.Concatenate("Features", "Age").Fit(other);

        public class Patient { [LoadColumn(0)] public string Diagnosis { get; set; } [LoadColumn(1)] public float Age { get; set; } [LoadColumn(2)] public string Phone { get; set; } }
        """,
        Expect(0, "'Diagnosis'"));

    // Two Fits of one load that leave different personal columns: one report at the loader, naming the columns of both
    // in the order first met (it was two reports of different columns at one place).
    [Fact]
    public Task Flags_TwoFitsLeavingDifferentColumns_OneReportPerLoader() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.ML;
        using Microsoft.ML.Data;

        var ml = new MLContext();
        var data = ml.Data.{|#0:LoadFromTextFile|}<Patient>("patients.csv", separatorChar: ',');
        ml.Transforms.DropColumns("Diagnosis").Append(ml.Transforms.Concatenate("Features", "Age")).Fit(data);
        ml.Transforms.DropColumns("Phone").Append(ml.Transforms.Concatenate("Features", "Age")).Fit(data);

        public class Patient { [LoadColumn(0)] public string Diagnosis { get; set; } [LoadColumn(1)] public float Age { get; set; } [LoadColumn(2)] public string Phone { get; set; } }
        """,
        Expect(0, "'Phone', 'Diagnosis'"));

    [Fact]
    public Task Flags_TextLoaderColumnsAndColumnNameRename() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.ML;
        using Microsoft.ML.Data;

        var ml = new MLContext();
        var data = ml.Data.{|#0:LoadFromTextFile|}("people.csv", new[]
        {
            new TextLoader.Column("date_of_birth", DataKind.String, 0),
            new TextLoader.Column("Score", DataKind.Single, 1),
            new TextLoader.Column("Label", DataKind.Boolean, 2),
        });
        var model = ml.Transforms.Concatenate("Features", "Score").Fit(data);

        var rows = ml.Data.{|#1:LoadFromEnumerable|}(new[] { new Renamed() });
        ml.Transforms.Concatenate("Features", "Score").Fit(rows);

        public class Renamed
        {
            [ColumnName("phone")] public string Contact { get; set; }
            public float Score { get; set; }
        }
        """,
        Expect(0, "'date_of_birth'"), Expect(1, "'phone'"));

    // A loader created first and loaded from a path: TextLoader.Load(path) is an extension method (TextLoaderSaverCatalog).
    [Fact]
    public Task Flags_CreatedLoaderLoadedFromAPath() => Verify.VerifyAnalyzerAsync($$"""
        using Microsoft.ML;
        using Microsoft.ML.Data;

        var ml = new MLContext();
        var typed = ml.Data.CreateTextLoader<Customer>(separatorChar: ',', hasHeader: true);
        ml.Transforms.Concatenate("Features", "Age", "Income").Fit(typed.{|#0:Load|}("customers.csv"));

        var loader = ml.Data.CreateTextLoader(new[]
        {
            new TextLoader.Column("Email", DataKind.String, 0),
            new TextLoader.Column("Age", DataKind.Single, 1),
        }, separatorChar: ',');
        var data = loader.{|#1:Load|}("people.csv");
        ml.Transforms.Concatenate("Features", "Age").Fit(data);

        {{Row}}
        """,
        Expect(0, "'CustomerEmail'"), Expect(1, "'Email'"));

    [Fact]
    public Task Flags_TextLoaderColumnWithNamedArgumentsOutOfOrder() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.ML;
        using Microsoft.ML.Data;

        var ml = new MLContext();
        var data = ml.Data.{|#0:LoadFromTextFile|}("people.csv", new[]
        {
            new TextLoader.Column(dataKind: DataKind.String, index: 0, name: "date_of_birth"),
            new TextLoader.Column(dataKind: DataKind.Single, index: 1, name: "Score"),
        });
        ml.Transforms.Concatenate("Features", "Score").Fit(data);
        """,
        Expect(0, "'date_of_birth'"));

    [Fact]
    public Task NoDiagnostic_Guards() => Verify.VerifyAnalyzerAsync($$"""
        using Microsoft.ML;
        using Microsoft.ML.Data;

        var ml = new MLContext();
        var data = ml.Data.LoadFromTextFile<Customer>("customers.csv");

        // Dropped in the pipeline.
        ml.Transforms.DropColumns("CustomerEmail").Append(ml.Transforms.Concatenate("Features", "Age", "Income")).Fit(data);
        // Only the needed columns selected.
        ml.Transforms.SelectColumns("Age", "Income", "Label").Append(ml.Transforms.Concatenate("Features", "Age", "Income")).Fit(data);
        // Hashed in place (pseudonymised).
        ml.Transforms.Conversion.Hash("CustomerEmail").Append(ml.Transforms.Concatenate("Features", "Age")).Fit(data);
        // Dropped from the data view before training.
        var clean = ml.Transforms.DropColumns("CustomerEmail").Fit(data).Transform(data);
        ml.Transforms.Concatenate("Features", "Age").Fit(clean);
        // [NoColumn] members are never loaded.
        ml.Transforms.Concatenate("Features", "Age").Fit(ml.Data.LoadFromEnumerable(new[] { new Guarded() }));

        public class Guarded
        {
            [NoColumn] public string Email { get; set; }
            public float Age { get; set; }
        }

        {{Row}}
        """);

    [Fact]
    public Task NoDiagnostic_UnknownFlowAndLookAlikes() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.ML;

        class Training
        {
            // The data comes from a parameter: its columns are unknown here.
            ITransformer Train(MLContext ml, IDataView data) => ml.Transforms.Concatenate("Features", "Age").Fit(data);

            // The pipeline comes from a field: what it drops is unknown.
            IEstimator<ITransformer> _pipeline;
            ITransformer Train2(MLContext ml) => _pipeline.Fit(ml.Data.LoadFromEnumerable(new[] { new Row() }));

            // No personal columns: EmailCount is a count, Address is a pointer.
            ITransformer Train3(MLContext ml) =>
                ml.Transforms.Concatenate("Features", "EmailCount").Fit(ml.Data.LoadFromEnumerable(new[] { new Safe() }));
        }

        public class Row { public string Email { get; set; } public float Age { get; set; } }
        public class Safe { public float EmailCount { get; set; } public System.IntPtr Address; public float Age { get; set; } }

        namespace Contoso.Fake
        {
            public class DataOperationsCatalog { public object LoadFromEnumerable<T>(T[] rows) => rows; }
            public class Estimator { public object Fit(object data) => data; }
            class Use { void M(DataOperationsCatalog data) => new Estimator().Fit(data.LoadFromEnumerable(new[] { new Row() })); }
        }
        """);

    [Fact]
    public Task NoDiagnostic_WithoutMlNet() => Verify.VerifyAnalyzerAsync("""
        class Row { public string Email { get; set; } }
        """, MlReferences.Plain);

    [Fact]
    public async Task Option_RemovesBuiltInWord()
    {
        var test = Verify.CreateTest();
        test.TestCode = $$"""
            using Microsoft.ML;

            var ml = new MLContext();
            var data = ml.Data.LoadFromTextFile<Row>("rows.csv");
            ml.Transforms.Concatenate("Features", "Age").Fit(data);

            public class Row
            {
                [Microsoft.ML.Data.LoadColumn(0)] public string Gender { get; set; }
                [Microsoft.ML.Data.LoadColumn(1)] public float Age { get; set; }
            }
            """;
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", """
            root = true
            [*.cs]
            mlsec.personal_data_names = -gender
            """));
        await test.RunAsync(CancellationToken.None);
    }

    // "-entry" as the page lists it removes the joined spellings too (firstname, dateofbirth, e-mail and email).
    [Fact]
    public async Task Option_RemovesEverySpellingOfABuiltInEntry()
    {
        var test = Verify.CreateTest();
        test.TestCode = """
            using Microsoft.ML;
            using Microsoft.ML.Data;

            var ml = new MLContext();
            var data = ml.Data.{|#0:LoadFromTextFile|}("rows.csv", new[]
            {
                new TextLoader.Column("e-mail", DataKind.String, 0),
                new TextLoader.Column("E_Mail", DataKind.String, 1),
                new TextLoader.Column("firstname", DataKind.String, 2),
                new TextLoader.Column("dateofbirth", DataKind.String, 3),
                new TextLoader.Column("Gender", DataKind.String, 4),
                new TextLoader.Column("Age", DataKind.Single, 5),
            });
            ml.Transforms.Concatenate("Features", "Age").Fit(data);
            """;
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", """
            root = true
            [*.cs]
            mlsec.personal_data_names = -e-mail|-first name|-date of birth
            """));
        test.ExpectedDiagnostics.Add(Expect(0, "'Gender'"));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Option_AddsWord()
    {
        var test = Verify.CreateTest();
        test.TestCode = $$"""
            using Microsoft.ML;

            var ml = new MLContext();
            var data = ml.Data.{|#0:LoadFromTextFile|}<Row>("rows.csv");
            ml.Transforms.Concatenate("Features", "Age").Fit(data);

            public class Row
            {
                [Microsoft.ML.Data.LoadColumn(0)] public string LoyaltyCard { get; set; }
                [Microsoft.ML.Data.LoadColumn(1)] public float Age { get; set; }
            }
            """;
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", """
            root = true
            [*.cs]
            mlsec.MLSEC020.personal_data_names = loyalty_card
            """));
        test.ExpectedDiagnostics.Add(Expect(0, "'LoyaltyCard'"));
        await test.RunAsync(CancellationToken.None);
    }

    // A program of top-level statements is one operation block whose syntax is the whole file: a helper in a class of
    // that file is not in it. Its loader serves the class's other callers too (Training.Everything, which leaves other
    // columns): reported at the call in the top-level statements, as for a helper in another file.
    [Fact]
    public Task Flags_TopLevelStatements_HelperLoaderInAClassOfTheSameFile_AtTheCall() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.ML;
        using Microsoft.ML.Data;

        var ml = new MLContext();
        var data = DataFiles.{|#0:People|}(ml);
        ml.Transforms.DropColumns("Diagnosis").Append(ml.Transforms.Concatenate("Features", "Age")).Fit(data);

        static class DataFiles
        {
            public static IDataView People(MLContext ml) => ml.Data.LoadFromTextFile<Person>("people.csv", separatorChar: ',');
        }

        static class Training
        {
            public static ITransformer Everything(MLContext ml) => ml.Transforms.Concatenate("Features", "Age").Fit(DataFiles.{|#1:People|}(ml));
        }

        public class Person
        {
            [LoadColumn(0)] public string Email { get; set; }
            [LoadColumn(1)] public string Diagnosis { get; set; }
            [LoadColumn(2)] public float Age { get; set; }
        }
        """,
        Expect(0, "'Email'"), Expect(1, "'Email', 'Diagnosis'"));
}
