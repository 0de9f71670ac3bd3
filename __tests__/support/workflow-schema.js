// The parser's workflow schema, loaded without Jest's JSON-import warning.
import { parserSchema } from './workflow-parser-schema.js'

export default parserSchema('workflow-v1.0.min.json')
