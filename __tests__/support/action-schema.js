// The parser's action schema, loaded without Jest's JSON-import warning.
import { parserSchema } from './workflow-parser-schema.js'

export default parserSchema('action-v1.0.min.json')
