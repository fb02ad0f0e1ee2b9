/**
 * Real prefect.yaml and valohai.yaml files from public repositories (test/fixtures/real-projects,
 * sources in sources.tsv), discovered as their platform reads them. Every expected value below
 * was written from the platform's own source, not from Berth's output:
 * - Prefect: prefect/cli/deploy/_core.py `_run_single_deploy` (entrypoint loaded from the
 *   directory `prefect deploy` runs in, unnamed deployments skipped, `apply_values` for
 *   templates), prefect/deployments/steps/pull.py (set_working_directory = os.chdir,
 *   git_clone), prefect_docker/worker.py DockerWorkerJobConfiguration
 *   (`_determine_image_pull_policy`: ALWAYS for `latest` or no tag, else IF_NOT_PRESENT) and
 *   prefect/utilities/dockerutils.py `get_prefect_image_name`;
 * - Valohai: valohai-yaml objs/step.py (`build_command`: non-flag defaults merged, flag
 *   defaults ignored), objs/parameter.py (`format_cli`: pass-as split on spaces, `--{name}`
 *   for a true flag, `--{name}={value}` otherwise) and commands.py (shlex.quote of each bit).
 * The fixtures marked HELD_OUT were written down before Berth was changed and never tuned on;
 * their score is printed, and must stay at or above 27 of 29's ratio.
 */
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverFlows } from '../../../src/flows/discover';
import { valohaiCommand } from '../../../src/flows/valohai-yaml';
import type { DiscoveryResult, FlowDefinition } from '../../../src/shared/flows';
import { formatProblem } from '../../../src/shared/flows';
import { tempDirs } from '../../harness/failures';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'real-projects');
const tempDir = tempDirs();

interface ExpectedFlow {
  name: string;
  image?: string | null;
  entrypoint?: string;
  pullPolicy?: FlowDefinition['pullPolicy'];
  workingDir?: string | null;
  env?: Record<string, string>;
  networkMode?: string | null;
  /** name -> default, in order */
  parameters?: Record<string, unknown>;
  /** Parameters the form must ask for (required). */
  required?: string[];
  /** Where a template could not be filled in (never passed literally). */
  unresolved?: string[];
  /** The shell script a Valohai step runs, lines kept. */
  script?: string;
  /** The command Valohai builds with the parameters' defaults (build_command). */
  built?: string;
  /** Valohai inputs: name -> default URLs */
  inputs?: Record<string, string[]>;
  warnings?: RegExp[];
}

interface Expected {
  flows: ExpectedFlow[];
  problems?: RegExp[];
  /** Valohai pipelines and endpoints, listed as not run. */
  notRun?: string[];
}

const PY311 = (version: string) => `prefecthq/prefect:${version}-python3.11`;

const PREFECT: Record<string, Expected> = {
  '3commacapital__prefect-flows': {
    flows: [
      {
        name: '01 Deploy Wallet Valuations',
        entrypoint: '01_save_wallet_valuations.py:get_wallet_valuaions',
        image: PY311('3.0.0rc19'),
        pullPolicy: 'IF_NOT_PRESENT',
        warnings: [/pull_from_s3/, /pip_install_requirements/],
      },
      {
        name: '02 Deploy Wallet Snapshots',
        entrypoint: '02_save_wallet_snapshots.py:get_wallet_snapshots',
      },
    ],
    problems: [/01_save_wallet_valuations\.py does not exist/],
  },
  AbhishekRS4__ML_NY_Taxi: {
    flows: [
      {
        name: 'ml-ny-taxi-dep',
        entrypoint: 'trainer.py:trainer',
        image: PY311('2.19.1'),
        workingDir: '/home/abhishek/Desktop/github_repos/ML_NY_Taxi',
      },
    ],
    problems: [/no name/],
  },
  'Ben-Epstein__prefect-quickstart': {
    flows: [
      {
        name: 'deployment-1',
        entrypoint: 'flows/flows.py:run_my_flow',
        image: PY311('2.13.2'),
        parameters: { param: '42' },
        workingDir: null,
        warnings: [/FULL_PATH_TO_DIR/],
      },
      { name: 'deployment-2', entrypoint: 'flows/flows.py:run_my_flow' },
      { name: 'deployment-3', entrypoint: 'flows/flows.py:hello_world' },
    ],
  },
  'CBIIT__prefect-hello-world': {
    flows: [
      {
        name: 'prefect-hello',
        entrypoint: 'helloworld.py:runner',
        image: PY311('2.13.0'),
        workingDir: null,
        warnings: [/git_clone.*opened folder/, /pip_install_requirements/],
      },
    ],
  },
  'AuckeBos__bunq-ynab-connect': {
    flows: [
      {
        name: 'extract',
        entrypoint: 'bunq_ynab_connect/flows.py:extract',
        image: PY311('2.11.4'),
        warnings: [/git_clone .*AuckeBos\/bunq-ynab-connect.*opened folder/, /run_shell_script/],
      },
    ],
  },
  'BayoAdejare__lightning-containers': {
    flows: [],
    problems: [/deployments must be a list/],
  },
  Cam0505__CamOnPrefect: {
    flows: [
      {
        name: 'gsheets-financial-deployment',
        entrypoint: 'pipelines/gsheets_financial.py:main_flow',
        image: PY311('3.4.0'),
        workingDir: '/workspaces/CamOnPrefect',
      },
      {
        name: 'fbi-deployment',
        entrypoint: 'pipelines/fbi.py:fbi_flow',
        workingDir: '/workspaces/CamOnPrefect',
      },
    ],
  },
  'CSI-Zachary__prefect_deployments': {
    flows: [
      {
        name: 'mover',
        entrypoint: 'mover.py:mover',
        image: 'csizachary/prefect-mover:latest',
        // A `latest` tag and no image_pull_policy: the Docker worker pulls ALWAYS.
        pullPolicy: 'ALWAYS',
        workingDir: '/opt/prefect',
      },
    ],
  },
  AMaldu__fraud_detection: {
    flows: [
      {
        name: 'fraud_detection',
        entrypoint: 'orchestration/orquestrate.py:main_flow',
        image: PY311('2.10.8'),
        warnings: [/git_clone .*AMaldu\/fraud_detection/],
      },
    ],
  },
  AhmadSaeedZaidi__viralvelocity: {
    flows: [
      {
        name: 'streamer',
        entrypoint: 'maia/src/maia/streamer/flow.py:streamer_flow',
        image: PY311('3.7.7'),
        // `env` and `working_dir` directly under a deployment are not prefect.yaml keys.
        env: {},
        workingDir: null,
        parameters: { batch_size: 5 },
        warnings: [/env.*not.*job_variables|deployment key env/, /working_dir/],
      },
      { name: 'archeologist', parameters: { start_year: 2010, end_year: 2024 } },
    ],
  },
  'Btibert3__BA882-Fall24-InClass-Project': {
    flows: [
      {
        name: 'hello-world',
        entrypoint: 'prefect/sandbox/hello-world.py:simple_flow',
        image: PY311('3.0.4'),
        warnings: [/git_clone/],
      },
    ],
  },
  'CBIIT__C3DC-Prefect-Dataloader': {
    flows: [
      {
        name: 'C3DC-data-loading-DEV',
        entrypoint: 'prefect_data_loader.py:c3dc_hub_data_loader',
        image: PY311('2.14.19'),
        env: {
          PREFECT_LOGGING_EXTRA_LOGGERS:
            'Data Loader,Loader,ICDC Schema,S3 Bucket,Bento Config,Copier,ESLoader,FileLoader,File Loader,Model Converter,Props,UUID_util,Bento_adapter,SQS,Visibility Extender,VisitCreator,VisitCreator,Props',
        },
        parameters: {
          secret_name: null,
          metadata_folder: '',
          runner: '',
          model_tag: '1.4.0',
          cheat_mode: false,
          dry_run: false,
          wipe_db: false,
          mode: 'upsert',
          split_transaction: true,
        },
        required: ['secret_name'],
        unresolved: ['parameters.secret_name'],
        warnings: [/git_clone .*C3DC-Prefect-Dataloader/],
      },
    ],
  },
  'Brennan-Chesley-FLP__en_banc': {
    flows: [
      {
        name: 'hello-flow',
        entrypoint: 'hello.py:hello_flow',
        image: 'en-banc:latest',
        pullPolicy: 'ALWAYS',
        networkMode: 'host',
        env: {},
        unresolved: [
          'work_pool.job_variables.env.TS_AUTHKEY',
          'work_pool.job_variables.env.TS_HOSTNAME',
        ],
        warnings: [/cap_add/],
      },
      { name: 'sqlmesh-transforms', image: 'en-banc:latest', networkMode: 'host', env: {} },
    ],
  },
  'AloisCRR__marketing-intelligence': {
    flows: [
      {
        // A module path: Prefect imports marketing_intelligence.flows from the working dir.
        name: 'marketing-intelligence-daily-ingestion',
        entrypoint: 'marketing_intelligence/flows.py:ingest_sources_flow',
        image: 'prefecthq/prefect:3-latest',
        pullPolicy: 'IF_NOT_PRESENT',
      },
    ],
  },
  'Autonomous-Finance__dataos-pipeline': {
    flows: [
      {
        name: 'my-git-deployment',
        entrypoint: 'flows/download.py:fetch_files_from_arweave',
        image: PY311('2.14.5'),
        workingDir: '/Users/sexy/_WorkCode/dataos-pipeline',
      },
    ],
    problems: [/no name/],
  },
  '9MRTAE__ingest-aws-s3': {
    flows: [
      {
        name: 'ingest_cloudcost_awscost',
        entrypoint: 'flows/ingest_cloudcost_awscost.py:ingest_cloudcost_awscost',
        // Kept as written for the form to show; a run refuses it until an image is picked.
        image: '{{ $PREFECT_IMAGE }}',
        env: {},
        parameters: { year: null, month: null },
        unresolved: [
          'work_pool.job_variables.image',
          'work_pool.job_variables.env.CI_COMMIT_BRANCH',
          'work_pool.job_variables.env.JOB_BACKDATE',
        ],
        warnings: [
          /image_pull_secrets.*service_account_name|service_account_name.*image_pull_secrets/,
        ],
      },
      { name: 'ingest_cloudcost_awscost_1copy', image: '{{ $PREFECT_IMAGE }}' },
    ],
  },
  'AnujPanthri__mlops-zoomcamp-final-project': {
    flows: [],
    problems: [/\\.*a Linux worker/],
  },
  'Ben-Epstein__prefect-modal': {
    flows: [],
    problems: [/^prefect\.yaml:2\d: YAML syntax error/],
  },
  'CarlosGTrejo__CS2-Market-Analysis': { flows: [], problems: [/no name/] },
  'AuckeBos__predicting-glucose-levels': {
    flows: [
      {
        name: 'daily-etl',
        entrypoint: 'predicting_glucose_levels/flows.py:etl',
        image: PY311('2.11.3'),
        workingDir: '/home/glucose',
      },
    ],
  },
  'BoKatanKrize__kickstarter-mlops': { flows: [], problems: [/no name/] },
  'CAJ2__sage-databot': { flows: [], problems: [/sage-leaf-dev-changes.*entrypoint/] },
  AviShemla__AntiGravity: {
    flows: [
      {
        name: 'antigravity-nightly-production',
        entrypoint: 'prefect_pipeline.py:antigravity_nightly_flow',
        image: PY311('3.0.0'),
        env: {},
        workingDir: null,
        warnings: [/job_variables.*work_pool/, /C:\\Users\\AviShemla\\AntiGravity/],
      },
    ],
  },
};

/** Written before any change to Berth; scored, never tuned on. */
const PREFECT_HELD_OUT: Record<string, Expected> = {
  'Axioq__wolf-tracks': {
    flows: [
      {
        name: 'wolf-tracks-daily',
        entrypoint: 'scripts/run_pipeline.py:pipeline',
        image: PY311('3.7.0'),
        pullPolicy: 'IF_NOT_PRESENT',
        workingDir: '/app',
      },
    ],
  },
  'CBIIT__prefect-toolkit': {
    flows: [
      {
        name: 'dbgap_validation',
        entrypoint: 'workflow/crdcdh/dbgap_validation.py:validation_against_dbgap',
        image: PY311('2.13.0'),
        parameters: {},
        warnings: [/git_clone/],
      },
      {
        name: 'multimodel-validator-python3.13',
        entrypoint: 'workflow/validate_submission.py:validate_submission_tsv',
        parameters: { val_output_bucket: 'ccdi-validation' },
      },
    ],
  },
  Alex170817blue__github_data_platform: {
    flows: [
      {
        name: 'nightly-pipeline',
        entrypoint: 'flows/run_pipeline.py:run_pipeline_flow',
        image: PY311('3.0.0'),
        workingDir: '/app',
      },
    ],
  },
  '9unn__dsi321_2025': {
    flows: [
      {
        name: 'egat-3min-scrape-deployment',
        entrypoint: 'egat_pipeline.py:egat_data_pipeline',
        image: PY311('3.4.1'),
        warnings: [/git_clone .*9unn\/dsi321_2025/],
      },
    ],
  },
  'Aakash-1107__Game-Market-Intelligence': {
    flows: [
      {
        name: 'hourly-steam-ingestion',
        entrypoint: 'First_data_ingest/steam_data_ingest.py:steam_player_count_ingest',
        image: PY311('3.8.6'),
        env: {},
        unresolved: [
          'work_pool.job_variables.env.DATABASE_URL',
          'work_pool.job_variables.env.AWS_REGION',
        ],
      },
    ],
  },
};

const VALOHAI: Record<string, Expected> = {
  'DrazenDodik__valohai-public-examples': {
    flows: [
      {
        name: 'preprocess-dataset',
        image: 'python:3.9',
        script:
          'pip install numpy valohai-utils\npython ./tensorflow-example/preprocess_dataset.py',
        inputs: { dataset: ['https://valohaidemo.blob.core.windows.net/mnist/mnist.npz'] },
      },
      {
        name: 'train-model',
        image: 'tensorflow/tensorflow:2.6.0',
        parameters: { epochs: 5, learning_rate: 0.001 },
        built:
          'pip install valohai-utils\npython ./tensorflow-example/train_model.py --epochs=5 --learning_rate=0.001',
      },
      {
        name: 'batch-inference',
        inputs: {
          model: [],
          images: [
            'https://valohaidemo.blob.core.windows.net/mnist/four-inverted.png',
            'https://valohaidemo.blob.core.windows.net/mnist/five-inverted.png',
            'https://valohaidemo.blob.core.windows.net/mnist/five-normal.jpg',
          ],
        },
      },
      {
        name: 'Metadata example',
        image: 'r-base:3.4.2',
        parameters: { 'max-epoch': 30, 'loss-decrement': 0.05 },
        // pass-as: '{v}' -> positional
        built: 'Rscript r-example/metadata_example.R 30 0.05',
      },
      {
        name: 'evaluate-model-linux',
        script:
          'cd dl4j-nlp-cuda-example\nexport ACTION=evaluate\necho "~~~ Copying jar and model into ${VH_REPOSITORY_DIR}"\ncp ${VH_INPUTS_DIR}/linux-uberjar/*.jar ${VH_REPOSITORY_DIR}\ncp ${VH_INPUTS_DIR}/model/*.pb .\ntime ./runUberJar.sh --action ${ACTION} --input-model-file $(ls *.pb)',
        inputs: { 'linux-uberjar': ['datum://'], model: ['datum://'] },
      },
      {
        name: 'run-debug-with-minimal-configuration',
        image: 'valohai/nimue:0.3.1',
        parameters: { 'payload-bucket': null, 'pa-example-argument': null },
        required: ['payload-bucket'],
        // A folded (>-) scalar keeps the line breaks of its more-indented lines.
        script:
          'python /nimue/main.py \\\n  --release-label=emr-6.2.0 \\\n  --app-main=debug.py \\\n  {parameters}',
        warnings: [/AWS_DEFAULT_REGION/],
      },
    ],
    notRun: ['Training Pipeline', 'greet', 'predict-digit'],
  },
  'JuhaKiili__valohai-helloworld': {
    flows: [
      { name: 'Helloworld', image: 'busybox', script: 'cat hello.txt', built: 'cat hello.txt' },
    ],
  },
  'JuhaKiili__keras-example': {
    flows: [
      {
        name: 'train-classic',
        image: 'tensorflow/tensorflow:2.0.0-py3',
        parameters: {
          batch_size: 32,
          num_classes: 10,
          model_layers: "Activation('relu'),Conv2D(32, (3, 3)),Dropout(0.25)",
        },
        built:
          "pip install --disable-pip-version-check -q -r requirements-cpu.txt\npython cifar10_cnn.py --batch_size=32 --num_classes=10 '--model_layers=Activation('\"'\"'relu'\"'\"'),Conv2D(32, (3, 3)),Dropout(0.25)'",
      },
      {
        name: 'train-weka-io',
        env: { DATA_PATH: '/weka/cifar-10-dataset/cifar-10-python.tar.gz' },
        warnings: [/[Mm]ounts/],
      },
    ],
  },
  'CSCfi__machine-learning-scripts': {
    flows: [
      { name: 'tensorflow-check' },
      {
        name: 'keras-dvc-cnn-simple',
        parameters: { epochs: 20, inference: 0 },
        inputs: { dataset: [] },
        built:
          'tar -xf /valohai/inputs/dataset/*.tar -C /valohai/inputs/dataset/\npython valohai/keras-dvc-cnn-simple.py --epochs=20 --inference=0',
      },
    ],
  },
  'SofiaChar__valohai-yolo-example': {
    flows: [
      {
        name: 'train-yolov5',
        image: 'drazend/yolov5',
        parameters: {
          data: 'datasets/coco128.yaml',
          epochs: 3,
          optimizer: 'SGD',
          project: '/valohai/outputs/',
        },
        built:
          'git clone https://github.com/ultralytics/yolov5.git\nnohup python ./scripts/valohai_watch.py &\npython yolov5/train.py --data=datasets/coco128.yaml --epochs=3 --optimizer=SGD --project=/valohai/outputs/',
        inputs: { datasets: ['s3://sofiia-valohai-yolov5/datasets/coco128/*'] },
      },
      {
        // `epochs` has no type: a string parameter whose default is the number 3.
        name: 'run-yolov8',
        built:
          'pip install valohai-utils onnx>=1.12.0\npython ./scripts/run_yolov8.py --weights=/valohai/inputs/model/yolov8l.pt --epochs=3',
      },
    ],
    notRun: ['train-val-pipeline-yolov5'],
  },
  'InnerPeace-Wu__densecap-tensorflow': {
    flows: [],
    problems: [/^valohai\.yaml:\d+: YAML syntax error/],
  },
  'JuhaKiili__PyTorch-YOLOv3': {
    flows: [
      {
        name: 'train model',
        script:
          'cd /valohai/inputs/training-set-images && unzip train2014-redux.zip\ncd /valohai/inputs/training-set-images/train2014-redux && ls $PWD/* > /valohai/inputs/training-set-images/images-list.txt\ncd $HOME && python3 train.py --data_config config/coco.data',
        inputs: {
          'training-set-images': ['datum://016d101d-b6e2-6639-c424-4a027ee84f39'],
          'training-set-captions': ['datum://016d101d-4399-b5a5-5373-9925451b8687'],
        },
      },
    ],
  },
  'JuhaKiili__tensorflow-example': {
    flows: [
      {
        name: 'Train model',
        parameters: { max_steps: 1000, learning_rate: 0.0001 },
        built: 'python train.py --max_steps=1000 --learning_rate=0.0001',
      },
      { name: 'Produce Metadata', built: 'python sinwave.py --max_steps=20' },
      {
        // Flag defaults are ignored by build_command; 1.0 is a Python float, printed "1.0".
        name: 'Test multiple optional variables',
        built: 'echo --notopt=1.0 --var1=1.0',
      },
    ],
  },
  'SofiaChar__valohai-llms': {
    flows: [
      {
        name: 'train-torchrun',
        parameters: {
          'dataset-name': 'samsun',
          'output-dir': 'valohai/outputs/bart-large-cnn',
          'batch-size': 1,
        },
        built:
          'torchrun --nproc-per-node=4 train-torchrun.py --dataset-name=samsun --output-dir=valohai/outputs/bart-large-cnn --batch-size=1',
      },
      { name: 'train-task', env: { VH_DOCKER_NETWORK: 'host' } },
    ],
  },
  DrazenDodik__vh_helloworld: {
    flows: [
      {
        name: 'Train model',
        image: 'tensorflow/tensorflow:1.15.0-gpu-jupyter',
        built: 'python train.py --epochs=5 --learningrate=0.001',
        inputs: {
          mnist: ['https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz'],
        },
      },
    ],
  },
  'Qiminfo__glove-mlops': {
    flows: [
      {
        name: 'transform',
        parameters: {
          data_file: '/solodata/langdetected_cvs_df.json',
          force: null,
          replace_urls: true,
          normalize_text: true,
        },
        built: 'cd src\npython main.py clean_text --data_file=/solodata/langdetected_cvs_df.json',
      },
      {
        // PyYAML keeps the last `inputs:`; valohai-yaml keeps the last `output_path`.
        name: 'train',
        parameters: { output_path: '/solodata/glove_embedder.pkl', min_df: 5 },
        inputs: { cooccurrence_matrix: [] },
        built:
          'cd src\npython3 main.py train_glove --output_path=/solodata/glove_embedder.pkl --min_df=5',
      },
    ],
    problems: [],
    notRun: ['Training Pipeline'],
  },
  'Ironment77__valohai-titanic-ml': {
    flows: [],
    problems: [/must be a list/],
  },
};

const VALOHAI_HELD_OUT: Record<string, Expected> = {
  FlashTek__rl_playground: {
    flows: [
      {
        name: 'tensorflow-check',
        image: 'valohai/keras:2.0.0-tensorflow1.0.1-python3.6-cuda8.0-cudnn5-devel-ubuntu16.04',
        script:
          'pwd\npython --version\npython -c "import keras; print(\'keras version is %s\' % keras.__version__);"\nnvcc --version | grep release\ncat /proc/driver/nvidia/version',
      },
    ],
  },
  'JoakimRiikonen__valohai-workshop': {
    flows: [
      {
        name: 'Train model',
        image: 'tensorflow/tensorflow:1.15.0-gpu-py3',
        parameters: { epochs: 5, learning_rate: 0.001 },
        built: 'python3 train.py --epochs=5 --learning_rate=0.001',
        inputs: { mnist: ['https://s3.amazonaws.com/img-datasets/mnist.npz'] },
      },
    ],
  },
  'MIC-DKFZ__nnssl': {
    flows: [
      { name: 'hello_world', image: 'python:3.10', built: 'python ./nnssl/valohai_tester.py' },
      {
        name: 'create_dev_dataset',
        inputs: { 'raw-data': ['dataset://fiona-300-dev'] },
      },
    ],
  },
  'Nikolai-Hlubek__switching-detection': {
    flows: [
      {
        name: 'train-transformer',
        image: 'python:3.6',
        built: 'pip install -r requirements.txt\npython ./test_transformer.py',
        inputs: {
          dataset: [
            'datum://01862c38-871b-6336-42ea-1909c8a09574 df_params.pkl',
            'datum://01862c38-8498-6d8f-f3ac-4f35ce4f2da9 df_current.pkl',
          ],
        },
      },
    ],
  },
};

async function discover(platform: 'prefect' | 'valohai', name: string): Promise<DiscoveryResult> {
  const root = tempDir('berth-real-');
  cpSync(join(FIXTURES, platform, name), root, { recursive: true });
  return discoverFlows(root, { env: {} });
}

/** Every mismatch between what Berth found and what the platform would do, as sentences. */
function mismatches(result: DiscoveryResult, expected: Expected): string[] {
  const out: string[] = [];
  const problems = result.problems.map(formatProblem);
  const names = result.flows.map((f) => f.name);
  const wanted = expected.flows.map((f) => f.name);
  if (JSON.stringify(names) !== JSON.stringify(wanted)) {
    out.push(`flows ${JSON.stringify(names)}, expected ${JSON.stringify(wanted)}`);
  }
  for (const pattern of expected.problems ?? []) {
    if (!problems.some((p) => pattern.test(p))) {
      out.push(`no problem matches ${String(pattern)} in ${JSON.stringify(problems)}`);
    }
  }
  if (expected.problems?.length === 0 && problems.length > 0) {
    out.push(`unexpected problems ${JSON.stringify(problems)}`);
  }
  const notRun = (result.notRun ?? []).map((n) => n.name);
  if (expected.notRun && JSON.stringify(notRun) !== JSON.stringify(expected.notRun)) {
    out.push(`not run ${JSON.stringify(notRun)}, expected ${JSON.stringify(expected.notRun)}`);
  }
  for (const want of expected.flows) {
    const flow = result.flows.find((f) => f.name === want.name);
    if (!flow) continue;
    const say = (field: string, got: unknown, exp: unknown) => {
      if (JSON.stringify(got) !== JSON.stringify(exp)) {
        out.push(`${want.name}: ${field} ${JSON.stringify(got)}, expected ${JSON.stringify(exp)}`);
      }
    };
    if (want.image !== undefined) say('image', flow.image, want.image);
    if (want.entrypoint !== undefined) {
      say(
        'entrypoint',
        flow.entrypoint ? `${flow.entrypoint.path}:${flow.entrypoint.function}` : null,
        want.entrypoint,
      );
    }
    if (want.pullPolicy !== undefined) say('pullPolicy', flow.pullPolicy, want.pullPolicy);
    if (want.workingDir !== undefined) say('workingDir', flow.workingDir, want.workingDir);
    if (want.env !== undefined) say('env', flow.env, want.env);
    if (want.networkMode !== undefined) say('networkMode', flow.networkMode, want.networkMode);
    if (want.parameters !== undefined) {
      say(
        'parameters',
        Object.fromEntries(flow.parameters.map((p) => [p.name, p.default])),
        want.parameters,
      );
      say(
        'parameter order',
        flow.parameters.map((p) => p.name),
        Object.keys(want.parameters),
      );
    }
    if (want.required !== undefined) {
      say(
        'required',
        flow.parameters.filter((p) => p.required).map((p) => p.name),
        want.required,
      );
    }
    if (want.unresolved !== undefined) {
      say('unresolved', flow.unresolved.map((u) => u.where).sort(), [...want.unresolved].sort());
    }
    for (const [key, value] of Object.entries(flow.env)) {
      if (value.includes('{{'))
        out.push(`${want.name}: env ${key} is passed as the template ${value}`);
    }
    if (want.script !== undefined) say('script', flow.command?.at(-1) ?? null, want.script);
    if (want.built !== undefined) {
      say('built command', valohaiCommand(flow, {}).at(-1) ?? null, want.built);
    }
    if (want.inputs !== undefined) {
      say(
        'inputs',
        Object.fromEntries((flow.inputs ?? []).map((i) => [i.name, i.defaults])),
        want.inputs,
      );
    }
    for (const pattern of want.warnings ?? []) {
      if (!flow.warnings.some((w) => pattern.test(w))) {
        out.push(
          `${want.name}: no warning matches ${String(pattern)} in ${JSON.stringify(flow.warnings)}`,
        );
      }
    }
  }
  return out;
}

describe('real prefect.yaml files, read as prefect deploy and the Docker worker read them', () => {
  for (const [name, expected] of Object.entries(PREFECT)) {
    it(`reads ${name.replace('__', '/')} as Prefect does`, async () => {
      expect(mismatches(await discover('prefect', name), expected)).toEqual([]);
    });
  }
});

describe('real valohai.yaml files, read as valohai-yaml reads them', () => {
  for (const [name, expected] of Object.entries(VALOHAI)) {
    it(`reads ${name.replace('__', '/')} as valohai-yaml does`, async () => {
      expect(mismatches(await discover('valohai', name), expected)).toEqual([]);
    });
  }
});

describe('the held-out real projects', () => {
  it('are read right in at least 27 of every 29 (scored, not tuned on)', async () => {
    const results: { name: string; wrong: string[] }[] = [];
    for (const [name, expected] of Object.entries(PREFECT_HELD_OUT)) {
      results.push({ name, wrong: mismatches(await discover('prefect', name), expected) });
    }
    for (const [name, expected] of Object.entries(VALOHAI_HELD_OUT)) {
      results.push({ name, wrong: mismatches(await discover('valohai', name), expected) });
    }
    const right = results.filter((r) => r.wrong.length === 0).length;
    console.log(
      `held-out real projects read right: ${right} of ${results.length}\n` +
        results
          .filter((r) => r.wrong.length > 0)
          .map((r) => `  ${r.name}: ${r.wrong.join('; ')}`)
          .join('\n'),
    );
    expect(right / results.length).toBeGreaterThanOrEqual(27 / 29);
  });

  it('number 40 or more real files in all', () => {
    const all =
      Object.keys(PREFECT).length +
      Object.keys(PREFECT_HELD_OUT).length +
      Object.keys(VALOHAI).length +
      Object.keys(VALOHAI_HELD_OUT).length;
    expect(all).toBeGreaterThanOrEqual(40);
  });
});
