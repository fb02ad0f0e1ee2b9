/** Local flow runs: the screen. Its pure parts are tested through their own modules. */
export { RunsScreen } from './RunsScreen';
